/* The report page of the staff console: show the reporter's map point with Leaflet.
   The page already gives the place and the coordinates as text (with a link to
   OpenStreetMap); this only adds the map. Leaflet (static/vendor) loads with the page. */
(function () {
  "use strict";
  var box = document.querySelector("[data-console-map]");
  if (!box) { return; }
  var lat = parseFloat(box.dataset.lat);
  var lng = parseFloat(box.dataset.lng);
  if (isNaN(lat) || isNaN(lng)) { return; }

  function load(tag, attrs, done) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
    if (done) { el.onload = done; }
    document.head.appendChild(el);
  }

  load("link", { rel: "stylesheet", href: box.dataset.leafletCss });
  load("script", { src: box.dataset.leafletJs }, function () {
    var L = window.L;
    box.hidden = false;
    var icon = L.icon({
      iconUrl: box.dataset.markerIcon, shadowUrl: box.dataset.markerShadow,
      iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41]
    });
    var map = L.map(box, { scrollWheelZoom: false }).setView([lat, lng], 16);
    // Tiles from ADUAN_MAP_TILES_URL (OpenStreetMap by default); offline the map stays grey and the text above still holds.
    L.tileLayer(box.dataset.tiles, {
      maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
    L.marker([lat, lng], { icon: icon, title: box.dataset.label, keyboard: true }).addTo(map);
  });
})();
