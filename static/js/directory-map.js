// The results map: Leaflet 1.9 and markercluster from our static files, drawn from
// /annuaire/carte.json with the list's own query. The list stays the primary, complete view;
// this file fills Leaflet's accessibility gaps (accessibility.md §2.4): French control titles,
// named markers and clusters, popups built with textContent and focused on open, Escape that
// closes them and returns focus, pan buttons (WCAG 2.5.7), « Fermer la fiche ».
"use strict";

(() => {
  const PAN_PIXELS = 160;
  const DIRECTIONS = [
    ["north", "Déplacer la carte vers le nord", "↑", [0, -PAN_PIXELS]],
    ["west", "Déplacer la carte vers l'ouest", "←", [-PAN_PIXELS, 0]],
    ["east", "Déplacer la carte vers l'est", "→", [PAN_PIXELS, 0]],
    ["south", "Déplacer la carte vers le sud", "↓", [0, PAN_PIXELS]],
  ];
  const maps = new Map();

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
      more.append(link(person.url, `Voir le profil de ${person.name}`));
      box.append(more);
      return box;
    }
    if (properties.people) {
      heading.textContent = `${properties.count} ${people(properties.count)} à ${place}`;
      const list = element("ul");
      for (const person of properties.people) {
        const item = element("li");
        item.append(link(person.url, person.name));
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
      maxClusterRadius: 48,
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
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [32, 32], maxZoom: 11 });
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

  function setup(container) {
    if (maps.has(container) || typeof window.L === "undefined") return;
    const block = container.closest("[data-map-block]");
    if (block) block.hidden = false;
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

  document.addEventListener("DOMContentLoaded", () => setupAll(document));
  document.addEventListener("htmx:beforeSwap", (event) => teardown(event.detail.target));
  document.addEventListener("htmx:afterSettle", (event) => setupAll(event.detail.target));
})();
