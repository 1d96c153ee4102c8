"""Teams: profiles, forming and matching, ideas, progress, uploads and exports."""
