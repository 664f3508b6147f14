package dev.swarm.node.dashboard;

import dev.swarm.node.observe.RateHistory;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Message rate (received and delivered per minute) and mean delivery latency over the last ten
 * minutes, as two small SVG line charts drawn on the server: no script, no chart library.
 */
final class ChartPanel implements Panel {
    static final int WIDTH = 600;
    static final int HEIGHT = 90;

    private final RateHistory history;

    ChartPanel(RateHistory history) {
        this.history = history;
    }

    @Override
    public String id() {
        return "chart";
    }

    @Override
    public String title() {
        return "Traffic, last " + RateHistory.POINTS * RateHistory.STEP.toSeconds() / 60 + " minutes";
    }

    @Override
    public String render() {
        List<RateHistory.Point> points = history.points();
        Html html = new Html();
        if (points.size() < 2) {
            return html.element("p", "empty", "Collecting: a point every " + RateHistory.STEP.toSeconds() + " s.")
                    .toString();
        }
        RateHistory.Point last = points.get(points.size() - 1);
        double rateMax = Math.max(1, Math.max(max(points, RateHistory.Point::receivedPerMinute),
                max(points, RateHistory.Point::deliveredPerMinute)));
        html.raw("<figure><figcaption>messages per minute: ").element("span", "in", "received "
                + format(last.receivedPerMinute())).raw(", ").element("span", "out", "delivered "
                + format(last.deliveredPerMinute())).raw(" (scale 0 to " + format(rateMax) + ")</figcaption>");
        svg(html, "rate", List.of(line(points, RateHistory.Point::receivedPerMinute, rateMax, "in"),
                line(points, RateHistory.Point::deliveredPerMinute, rateMax, "out")));
        html.raw("</figure>");
        double latencyMax = Math.max(0.001, max(points, p -> p.latencySeconds() == null ? 0 : p.latencySeconds()));
        html.raw("<figure><figcaption>mean delivery latency: ").text(last.latencySeconds() == null ? "nothing delivered"
                : format(last.latencySeconds() * 1000) + " ms").raw(" (scale 0 to " + format(latencyMax * 1000)
                + " ms)</figcaption>");
        svg(html, "latency", List.of(line(points, p -> p.latencySeconds() == null ? 0 : p.latencySeconds(), latencyMax,
                "latency")));
        return html.raw("</figure>").toString();
    }

    private static void svg(Html html, String name, List<String> lines) {
        html.raw("<svg class=\"chart " + name + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\""
                + " preserveAspectRatio=\"none\">");
        lines.forEach(html::raw);
        html.raw("</svg>");
    }

    private static String line(List<RateHistory.Point> points, ToDoubleFunction<RateHistory.Point> value, double max,
                               String cls) {
        StringBuilder path = new StringBuilder();
        double step = (double) WIDTH / (RateHistory.POINTS - 1);
        int offset = RateHistory.POINTS - points.size();
        for (int i = 0; i < points.size(); i++) {
            double x = (offset + i) * step;
            double y = HEIGHT - 2 - (HEIGHT - 4) * Math.min(1, value.applyAsDouble(points.get(i)) / max);
            path.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return "<polyline class=\"" + cls + "\" points=\"" + path + "\"/>";
    }

    private static double max(List<RateHistory.Point> points, ToDoubleFunction<RateHistory.Point> value) {
        return points.stream().mapToDouble(value).max().orElse(0);
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
