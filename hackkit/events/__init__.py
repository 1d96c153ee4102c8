"""An event: its lifecycle, joining, agenda and timer, challenge briefs and announcements."""
