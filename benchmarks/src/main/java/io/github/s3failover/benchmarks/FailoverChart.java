package io.github.s3failover.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG bar chart of the time to the secondary per scenario and client, on a
 * logarithmic axis (the clients differ by orders of magnitude). Plain text, no scripts, no fonts to
 * download.
 */
final class FailoverChart {
  private static final int LEFT = 190;
  private static final int WIDTH = 900;
  private static final int BAR = 16;
  private static final double MIN_MS = 10;
  private static final double MAX_MS = 1_000_000;

  private FailoverChart() {}

  static String svg(List<ScenarioReport.Row> rows) {
    List<ScenarioReport.Row> shown =
        rows.stream().filter(r -> !r.client().equals("plain")).toList();
    int height = 60 + shown.size() * (BAR + 6) + 40;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH + 40,
            height));
    svg.append("<title>Time from the fault to the first read served by the secondary</title>\n");
    svg.append(
        "<text x=\"10\" y=\"20\" font-size=\"14\">Time to the first read served by the secondary"
            + " (log scale; hatched: Route 53 delay, modelled)</text>\n");
    svg.append(
        "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
            + "<path d=\"M0,6 L6,0\" stroke=\"#999\" stroke-width=\"2\"/></pattern></defs>\n");
    int axisY = height - 30;
    for (double tick = MIN_MS; tick <= MAX_MS; tick *= 10) {
      double x = x(tick);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"40\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              x,
              x,
              axisY,
              x,
              axisY + 15,
              label(tick)));
    }
    int y = 50;
    for (ScenarioReport.Row r : shown) {
      boolean never = Double.isNaN(r.measuredFailoverMs());
      double total = never ? r.modelledMs() + r.windowMs() : r.failoverMs();
      String color =
          r.client().equals("failover")
              ? "#2b7bb9"
              : r.client().equals(FailoverTimeBenchmark.ASYNC) ? "#6fa8dc" : "#d9534f";
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s, %s</text>%n",
              LEFT - 6,
              y + BAR - 3,
              r.scenario().slug(),
              r.client()));
      if (r.modelledMs() > 0) {
        svg.append(rect(x(MIN_MS), y, x(r.modelledMs()) - x(MIN_MS), "url(#hatch)"));
        svg.append(rect(x(r.modelledMs()), y, x(total) - x(r.modelledMs()), color));
      } else {
        svg.append(rect(x(MIN_MS), y, x(total) - x(MIN_MS), color));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\">%s%s s</text>%n",
              x(total) + 4,
              y + BAR - 3,
              never ? "> " : "",
              ScenarioReport.seconds(total)));
      y += BAR + 6;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String rect(double x, int y, double width, String fill) {
    return String.format(
        Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
        x,
        y,
        Math.max(1, width),
        BAR,
        fill);
  }

  private static double x(double ms) {
    double clamped = Math.max(MIN_MS, Math.min(MAX_MS, ms));
    return LEFT
        + (Math.log10(clamped) - Math.log10(MIN_MS))
            / (Math.log10(MAX_MS) - Math.log10(MIN_MS))
            * (WIDTH - LEFT);
  }

  private static String label(double ms) {
    return ms < 1000
        ? String.format(Locale.ROOT, "%.0f ms", ms)
        : String.format(Locale.ROOT, "%.0f s", ms / 1000);
  }
}
