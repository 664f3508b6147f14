package dev.swarm.node.dashboard;

import java.util.Map;

/** The two pages: the login form and the dashboard around its panels. */
final class Page {
    private Page() {
    }

    private static Html head(String agentId, String title) {
        return new Html().raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .text(title + " · " + agentId).raw("</title><link rel=\"stylesheet\" href=\"/dashboard/assets/"
                        + "dashboard.css\">");
    }

    static String login(String agentId, String problem) {
        Html html = head(agentId, "swarm dashboard login").raw("</head><body class=\"login\"><main><h1>swarm <span>")
                .text(agentId).raw("</span></h1><form method=\"post\" action=\"/dashboard/login\">"
                        + "<label for=\"token\">Local token</label>"
                        + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required autofocus>"
                        + "<button type=\"submit\">Log in</button></form>");
        if (problem != null) {
            html.element("p", "problem", problem);
        }
        return html.raw("<p class=\"hint\">The token is in <code>admin.token</code> in the node's home"
                + " (<code>cat ~/.swarm/admin.token</code>). It is sent once, in this form's body; the browser keeps"
                + " a session cookie for 12 hours.</p></main></body></html>").toString();
    }

    static String dashboard(String agentId, Map<Panel, String> panels) {
        Html html = head(agentId, "swarm").raw("<script src=\"/dashboard/assets/dashboard.js\" defer></script></head>"
                + "<body><header><h1>swarm <span>").text(agentId).raw("</span></h1>"
                + "<span id=\"live\" class=\"live\">connecting</span>"
                + "<form method=\"post\" action=\"/dashboard/logout\"><button type=\"submit\">Log out</button></form>"
                + "</header><main>");
        panels.forEach((panel, content) -> html.raw("<section class=\"panel " + panel.id() + "\"><h2>")
                .text(panel.title()).raw("</h2><div id=\"panel-" + panel.id() + "\">").raw(content)
                .raw("</div></section>"));
        return html.raw("</main></body></html>").toString();
    }
}
