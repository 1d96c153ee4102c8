// The phone's badges page: the list is drawn by the server; when the facilitator issues or
// revokes one of this phone's credentials, the page reloads to show it.
import { startPage } from "../core/page.js";

startPage({
  onView(type) {
    if (type === "credentials.issued") window.location.reload();
  },
});
