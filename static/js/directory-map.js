// The results map: Leaflet 1.9 and markercluster from our static files, drawn from
// /annuaire/carte.json with the list's own query. The list stays the primary, complete view;
// this file fills Leaflet's accessibility gaps (accessibility.md §2.4): French control titles,
// named markers and clusters, popups built with textContent and focused on open, Escape that
// closes them and returns focus, pan buttons (WCAG 2.5.7), « Fermer la fiche ».
// The background is drawn from our own outlines (static/geo/france-contours.json, fetched once,
// only when a map is shown), under the optional tiles. A map is built only once its container
// is visible: on narrow screens, when « Carte » is chosen in the « Liste / Carte » switch.
"use strict";

(() => {
  const L_BOUNDS = (south, north) => (window.L ? window.L.latLngBounds(south, north) : null);
  const METROPOLE = L_BOUNDS([41.2, -5.5], [51.2, 9.7]);
  const PAN_PIXELS = 160;
  const DIRECTIONS = [
    ["north", "Déplacer la carte vers le nord", "↑", [0, -PAN_PIXELS]],
    ["west", "Déplacer la carte vers l'ouest", "←", [-PAN_PIXELS, 0]],
    ["east", "Déplacer la carte vers l'est", "→", [PAN_PIXELS, 0]],
    ["south", "Déplacer la carte vers le sud", "↓", [0, PAN_PIXELS]],
  ];
  const CONTOURS_ATTRIBUTION =
    'Contours : <a href="https://geoservices.ign.fr/adminexpress">IGN Admin Express</a>, ' +
    '<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte</a>';
  const maps = new Map();
  let contours = null; // one download for every map of the page (and a long browser cache)

  function loadContours(url) {
    if (!contours) {
      contours = fetch(url, { headers: { Accept: "application/json" } }).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      });
      contours.catch(() => {
        contours = null; // try again with the next map
      });
    }
    return contours;
  }

  // Departments then regions, in a pane under the tiles: without tiles they are the map; with
  // tiles they show until the tiles arrive, or if they never do. Not interactive, not focusable.
  function drawContours(map, container) {
    if (!container.dataset.contours) return;
    map.createPane("contours").style.zIndex = 150;
    loadContours(container.dataset.contours)
      .then((data) => {
        if (maps.get(container) !== map) return;
        const departments = data.features.filter((f) => f.properties.kind === "departement");
        const regions = data.features.filter((f) => f.properties.kind === "region");
        const renderer = L.svg({ pane: "contours" });
        for (const [features, className] of [
          [departments, "map-outline map-outline-departement"],
          [regions, "map-outline map-outline-region"],
        ]) {
          L.geoJSON(features, { pane: "contours", renderer, interactive: false, className }).addTo(map);
        }
        const svg = map.getPane("contours").querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
        map.attributionControl.addAttribution(CONTOURS_ATTRIBUTION);
      })
      .catch(() => {}); // markers still stand on the plain background
  }

  // A person's profile link keeps the search that led there (« Retour à l'annuaire »).
  function withSearch(url) {
    return window.location.search ? url + window.location.search : url;
  }

  const people = (count) => (count > 1 ? "intervenant·es-pairs" : "intervenant·e-pair");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text; // names are user input: text only
    if (className) node.className = className;
    return node;
  }

  function link(href, text) {
    const anchor = element("a", text);
    anchor.href = href;
    return anchor;
  }

  function searchAround(searchUrl, code) {
    const url = new URL(searchUrl, window.location.origin);
    url.searchParams.set("commune", code);
    url.searchParams.delete("page");
    return url.pathname + url.search;
  }

  // A round badge with the count; its name is visually hidden text (divIcon ignores `alt`).
  function countIcon(count, label, cluster) {
    const size = count < 100 ? 44 : count < 1000 ? 50 : 58;
    const badge = element("div", undefined, cluster ? "map-count map-count-cluster" : "map-count");
    const visible = element("span", String(count));
    visible.setAttribute("aria-hidden", "true");
    badge.append(visible, element("span", label, "sr-only"));
    return L.divIcon({ html: badge, className: "map-count-icon", iconSize: [size, size] });
  }

  const PanControl = () =>
    L.Control.extend({
      options: { position: "topleft" },
      onAdd(map) {
        const box = L.DomUtil.create("div", "leaflet-bar map-pan");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", "Déplacer la carte");
        for (const [name, label, arrow, offset] of DIRECTIONS) {
          const button = L.DomUtil.create("button", `map-pan-${name}`, box);
          button.type = "button";
          button.title = label;
          button.setAttribute("aria-label", label);
          const glyph = element("span", arrow);
          glyph.setAttribute("aria-hidden", "true");
          button.append(glyph);
          L.DomEvent.on(button, "click", (event) => {
            L.DomEvent.stop(event);
            map.panBy(offset);
          });
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });

  function communePopup(properties, searchUrl) {
    const box = element("div");
    const place = `${properties.commune} (${properties.dep})`;
    const heading = element("h3");
    heading.tabIndex = -1;
    box.append(heading);
    if (properties.people && properties.count === 1) {
      const person = properties.people[0];
      heading.textContent = person.name;
      box.append(element("p", place));
      const more = element("p");
      more.append(link(withSearch(person.url), `Voir le profil de ${person.name}`));
      box.append(more);
      return box;
    }
    if (properties.people) {
      heading.textContent = `${properties.count} ${people(properties.count)} à ${place}`;
      const list = element("ul");
      for (const person of properties.people) {
        const item = element("li");
        item.append(link(withSearch(person.url), person.name));
        list.append(item);
      }
      box.append(list);
      if (properties.count > properties.people.length) {
        const more = element("p");
        more.append(link(searchAround(searchUrl, properties.code), `Voir la liste autour de ${properties.commune}`));
        box.append(more);
      }
      return box;
    }
    // A grid cell: counts only; the list around its main commune gives the names.
    heading.textContent = `${properties.count} ${people(properties.count)} autour de ${place}`;
    const more = element("p");
    more.append(link(searchAround(searchUrl, properties.code), `Voir la liste autour de ${properties.commune}`));
    box.append(more);
    return box;
  }

  function markerFor(feature, searchUrl) {
    const [lng, lat] = feature.geometry.coordinates;
    const properties = feature.properties;
    let marker;
    if (properties.people && properties.count === 1) {
      const label = `${properties.people[0].name}, ${properties.commune}`;
      marker = L.marker([lat, lng], { alt: label, title: label, count: 1 });
    } else {
      const where = properties.people ? `à ${properties.commune}` : `autour de ${properties.commune}`;
      const label = `${properties.count} ${people(properties.count)} ${where}`;
      marker = L.marker([lat, lng], {
        icon: countIcon(properties.count, label, false),
        title: label,
        count: properties.count,
      });
    }
    marker.bindPopup(() => communePopup(properties, searchUrl), {
      maxWidth: 300,
      autoPanPadding: [24, 24],
    });
    return marker;
  }

  function draw(map, container, data, state) {
    const searchUrl = data.search_url;
    // Communes (or grid cells) close together gather into clusters that show their total.
    const layer = L.markerClusterGroup({
      showCoverageOnHover: false,
      // A pin reaches 41 px above its point and a badge 22 px around it: 80 px apart, none
      // covers another (WCAG 2.5.8, axe target-size).
      maxClusterRadius: 80,
      iconCreateFunction(cluster) {
        const count = cluster
          .getAllChildMarkers()
          .reduce((total, marker) => total + (marker.options.count || 1), 0);
        return countIcon(count, `${count} intervenant·es-pairs dans ce secteur, Entrée pour zoomer`, true);
      },
    });
      // After Enter on a cluster, focus its first member (Leaflet would leave it on the map).
      layer.on("clusterkeypress", ({ layer: cluster, originalEvent }) => {
        if (originalEvent.keyCode !== 13) return;
        const first = cluster.getAllChildMarkers()[0];
        let done = false;
        const focusFirst = () => {
          if (done) return;
          done = true;
          const visible = layer.getVisibleParent(first);
          const icon = visible && visible.getElement();
          if (icon) icon.focus();
        };
        layer.once("animationend", focusFirst);
        map.once("zoomend", () => window.setTimeout(focusFirst, 400));
      });
    for (const feature of data.features) {
      const marker = markerFor(feature, searchUrl);
      marker.on("popupopen", ({ popup }) => {
        state.open = { popup, marker };
        const box = popup.getElement();
        const close = box.querySelector(".leaflet-popup-close-button");
        if (close) {
          close.setAttribute("aria-label", "Fermer la fiche");
          close.title = "Fermer la fiche";
        }
        const heading = box.querySelector("h3");
        if (heading) heading.focus();
      });
      marker.on("popupclose", ({ popup }) => {
        if (state.open && state.open.popup === popup) state.open = null;
        // Back to the marker only when focus was in the popup (keyboard, close button), never
        // stolen from elsewhere on the page.
        const box = popup.getElement();
        const active = document.activeElement;
        if (!(box && box.contains(active)) && active !== container && active !== document.body) return;
        const visible = layer.getVisibleParent(marker) || marker;
        const icon = visible.getElement();
        if (icon && document.contains(icon)) icon.focus();
      });
      layer.addLayer(marker);
    }
    map.addLayer(layer);
    // Metropolitan results first: a view stretched to La Réunion would show France as a dot.
    // The overseas departments are one click away (« Centrer la carte sur »).
    const metropolitan = L.latLngBounds([]);
    for (const feature of data.features) {
      const [lng, lat] = feature.geometry.coordinates;
      if (METROPOLE.contains([lat, lng])) metropolitan.extend([lat, lng]);
    }
    const bounds = metropolitan.isValid() ? metropolitan : layer.getBounds();
    // Markers kept clear of the zoom and pan controls (top left), so that none hides another.
    if (bounds.isValid()) {
      const left = Math.min(170, Math.round(map.getSize().x / 3));
      map.fitBounds(bounds, {
        paddingTopLeft: [left, 48],
        paddingBottomRight: [48, 48],
        maxZoom: 11,
        animate: false, // settled at once: what is shown is what was asked
      });
    }
    container.dataset.mapReady = "true";
  }

  function problem(container) {
    const message = element(
      "p",
      "La carte n'a pas pu être chargée. La liste ci-dessus contient les mêmes informations.",
      "map-message",
    );
    container.before(message);
  }

  function visible(element) {
    return element.getClientRects().length > 0 && element.clientWidth > 0;
  }

  function setup(container) {
    if (typeof window.L === "undefined") return;
    const block = container.closest("[data-map-block]");
    if (block) block.hidden = false;
    if (maps.has(container)) {
      if (visible(container)) maps.get(container).invalidateSize();
      return;
    }
    if (!visible(container)) return; // built when shown (« Carte », or a wider window)
    // The view comes from settings.LEAFLET_CONFIG, through the container's data- attributes.
    const maxZoom = Number(container.dataset.maxZoom) || 18;
    const center = (container.dataset.center || "").split(",").map(Number);
    const map = L.map(container, {
      zoomControl: false,
      scrollWheelZoom: false, // the page scrolls; zoom with the buttons, keys or pinch
      minZoom: Number(container.dataset.minZoom) || 2,
      maxZoom,
    });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    new (PanControl())().addTo(map);
    if (container.dataset.tiles) {
      L.tileLayer(container.dataset.tiles, {
        attribution: container.dataset.attribution || "",
        maxZoom,
      }).addTo(map);
    }
    map.setView(center, Number(container.dataset.zoom));
    const state = { open: null };
    maps.set(container, map);
    drawContours(map, container);

    // « Centrer la carte sur » : metropolitan France and the overseas departments.
    for (const button of block ? block.querySelectorAll("[data-map-view]") : []) {
      button.addEventListener("click", () => {
        const [lat, lng, zoom] = button.dataset.mapView.split(",").map(Number);
        map.setView([lat, lng], zoom);
      });
    }

    // Escape closes the popup wherever focus is inside the map, and focus returns to the marker
    // (Leaflet only listens while the map container itself has focus).
    container.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.open) {
        event.preventDefault();
        map.closePopup(state.open.popup);
      }
    });

    fetch(container.dataset.source, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => {
        if (maps.get(container) === map) draw(map, container, data, state);
      })
      .catch(() => problem(container));
  }

  function setupAll(root) {
    for (const container of root.querySelectorAll("[data-results-map]")) setup(container);
  }

  function teardown(root) {
    for (const [container, map] of maps) {
      if (root.contains(container)) {
        map.remove();
        maps.delete(container);
      }
    }
  }

  // --- « Liste / Carte » on narrow screens -----------------------------------------------------
  // Two toggle buttons (aria-pressed) outside the part htmx replaces, so the choice survives a new
  // search. The CSS shows one view at a time only while the results area is narrow; the buttons
  // appear only when there is a map to show.
  function setupSwitch() {
    const area = document.querySelector("[data-results-area]");
    const box = area && area.querySelector("[data-view-switch]");
    if (!box || typeof window.L === "undefined") return;
    const buttons = box.querySelectorAll("[data-view-choice]");

    function show(view) {
      area.dataset.view = view;
      for (const button of buttons) {
        button.setAttribute("aria-pressed", String(button.dataset.viewChoice === view));
      }
      if (view === "carte") setupAll(area);
    }

    function refresh() {
      const hasMap = Boolean(area.querySelector("[data-map-block]"));
      box.hidden = !hasMap;
      if (!hasMap && area.dataset.view !== "liste") show("liste");
    }

    for (const button of buttons) {
      button.addEventListener("click", () => show(button.dataset.viewChoice));
    }
    // « Revenir à la liste » after the map also switches back to the list on a narrow screen.
    area.addEventListener("click", (event) => {
      if (event.target.closest && event.target.closest("[data-back-to-list]")) show("liste");
    });
    document.addEventListener("htmx:afterSettle", refresh);
    refresh();
  }

  let resizing = 0;
  window.addEventListener("resize", () => {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(() => setupAll(document), 200);
  });

  document.addEventListener("DOMContentLoaded", () => {
    setupSwitch();
    setupAll(document);
  });
  document.addEventListener("htmx:beforeSwap", (event) => teardown(event.detail.target));
  document.addEventListener("htmx:afterSettle", (event) => setupAll(event.detail.target));
})();
