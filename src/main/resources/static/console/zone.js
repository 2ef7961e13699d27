// The reader's time zone. The console writes its times in the zone the "console-zone" cookie names
// (ConsoleTimes); this script names the browser's own there. A page written before the browser had
// named it (the first one, or after the reader's zone changed) is fetched once more, in that zone.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (noIntl) {
    return;
  }
  // An IANA name ("Europe/Paris", "America/Argentina/Buenos_Aires"): a cookie may hold it as it is.
  if (!zone || !/^[A-Za-z][A-Za-z0-9_+\-\/]{0,63}$/.test(zone)) {
    return;
  }
  document.cookie = "console-zone=" + zone + "; path=/console; max-age=31536000; SameSite=Lax";
  var written = document.querySelector('meta[name="console-zone"]');
  var again = "console-zone-again:" + location.href;
  if (written && written.content !== zone && document.querySelector(".when, [data-chart]")
      && !sessionStorage.getItem(again)) {
    // Once per page and zone: a zone the relay does not know is then shown in the relay's.
    sessionStorage.setItem(again, zone);
    location.replace(location.href);
  }
})();
