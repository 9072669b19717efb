// Digiohjaus – keittiötabletti: a dashboard strategy served by the digiohjaus integration.
//
// Settings → Dashboards → Add dashboard lists it under the custom dashboards. Its
// generate() asks the home hub (websocket command "digiohjaus/tablet") for the dashboard,
// which the integration builds from the hub's own entities in the hub's language; a page
// reload shows every reminder and contact the worker has added since.
const STRATEGY = "digiohjaus-kitchen-tablet";

class DigiohjausKitchenTabletStrategy extends HTMLElement {
  static async generate(config, hass) {
    const urlPath = window.location.pathname.split("/")[1] || "";
    return hass.callWS({ type: "digiohjaus/tablet", url_path: urlPath });
  }
}

const TAG = `ll-strategy-dashboard-${STRATEGY}`;
if (!customElements.get(TAG)) {
  customElements.define(TAG, DigiohjausKitchenTabletStrategy);
}

window.customStrategies = window.customStrategies || [];
if (!window.customStrategies.some((strategy) => strategy.type === STRATEGY)) {
  window.customStrategies.push({
    type: STRATEGY,
    strategyType: "dashboard",
    name: "Digiohjaus – keittiötabletti",
    description:
      "Asiakkaan keittiötabletti kotihubin omista tiedoista: vointi, tämän päivän " +
      "muistutukset, soittopyyntö ja kriisiapu. (The client's kitchen tablet, built " +
      "from the home hub.)",
    documentationURL: "https://github.com/digiohjaus/digiohjaus#kitchen-tablet",
  });
}
