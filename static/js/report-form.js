/* The report form (/lapor/), progressively enhanced; the form works fully without this file.
   - shows the fields that fit the chosen type (data-show-for)
   - narrows the desa / kelurahan list to the chosen kecamatan
   - loads Leaflet (static/vendor) only when the map section is opened */
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  if (!form) { return; }
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Type: complaints have an incident date and place; the others the reporter's home area.
  function showForType() {
    var checked = form.querySelector("input[name='type']:checked");
    var type = checked ? checked.value : "complaint";
    form.querySelectorAll("[data-show-for]").forEach(function (el) {
      el.hidden = el.getAttribute("data-show-for").split(" ").indexOf(type) === -1;
    });
  }
  form.querySelectorAll("input[name='type']").forEach(function (radio) {
    radio.addEventListener("change", showForType);
  });
  showForType();

  // Kecamatan → desa: keep every group, show only the chosen kecamatan's.
  var kecamatan = form.querySelector("select[name='kecamatan']");
  var desa = form.querySelector("select[name='desa']");
  if (kecamatan && desa) {
    var groups = Array.prototype.slice.call(desa.querySelectorAll("optgroup")).map(function (g) {
      return g.cloneNode(true);
    });
    var filterDesa = function () {
      var chosen = kecamatan.options[kecamatan.selectedIndex];
      var name = kecamatan.value ? chosen.text : null;
      var keep = desa.value;
      desa.querySelectorAll("optgroup").forEach(function (g) { g.remove(); });
      groups.forEach(function (g) {
        if (name === null || g.label === name) { desa.appendChild(g.cloneNode(true)); }
      });
      desa.value = keep;
      if (desa.value !== keep) { desa.value = ""; }
    };
    kecamatan.addEventListener("change", filterDesa);
    // Choosing a desa first fills in its kecamatan.
    desa.addEventListener("change", function () {
      var option = desa.options[desa.selectedIndex];
      if (!kecamatan.value && option && option.parentNode.label) {
        Array.prototype.forEach.call(kecamatan.options, function (o) {
          if (o.text === option.parentNode.label) { kecamatan.value = o.value; }
        });
        filterDesa();
      }
    });
    if (kecamatan.value) { filterDesa(); }
  }

  // Map pin: Leaflet (about 45 KB compressed) is fetched only when the citizen opens the map.
  var details = form.querySelector("[data-map]");
  if (!details) { return; }
  var lat = form.querySelector("input[name='latitude']");
  var lng = form.querySelector("input[name='longitude']");
  var started = false;

  function load(tag, attrs, done) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
    el.onload = done;
    document.head.appendChild(el);
  }

  function startMap() {
    if (started) { return; }
    started = true;
    load("link", { rel: "stylesheet", href: details.dataset.leafletCss });
    load("script", { src: details.dataset.leafletJs }, function () {
      var L = window.L;
      var canvas = details.querySelector("[data-map-canvas]");
      canvas.hidden = false;
      details.querySelector("[data-map-hint]").hidden = false;
      var icon = L.icon({
        iconUrl: details.dataset.markerIcon, iconRetinaUrl: details.dataset.markerIcon2x,
        shadowUrl: details.dataset.markerShadow, iconSize: [25, 41], iconAnchor: [12, 41],
        shadowSize: [41, 41]
      });
      // Kabupaten Luwu; the view moves to the point when one is set.
      var start = lat.value && lng.value ? [parseFloat(lat.value), parseFloat(lng.value)] : [-3.3, 120.25];
      var map = L.map(canvas).setView(start, lat.value ? 15 : 9);
      L.tileLayer(details.dataset.tiles, {
        maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"
      }).addTo(map);
      var marker = null;
      function place(latlng) {
        lat.value = latlng.lat.toFixed(6);
        lng.value = latlng.lng.toFixed(6);
        if (marker) { marker.setLatLng(latlng); return; }
        marker = L.marker(latlng, { icon: icon, draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      }
      if (lat.value && lng.value) { place(L.latLng(start[0], start[1])); }
      map.on("click", function (e) { place(e.latlng); });
      var locate = details.querySelector("[data-map-locate]");
      if (navigator.geolocation) {
        locate.hidden = false;
        locate.querySelector("button").addEventListener("click", function () {
          navigator.geolocation.getCurrentPosition(function (pos) {
            var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
            map.setView(here, 16);
            place(here);
          });
        });
      }
    });
  }
  if (details.open) { startMap(); }
  details.addEventListener("toggle", function () { if (details.open) { startMap(); } });
})();
