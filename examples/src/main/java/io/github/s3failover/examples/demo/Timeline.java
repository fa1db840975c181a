package io.github.s3failover.examples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's timeline: one sample a second, printed as it comes and drawn as a chart at the end.
 */
final class Timeline {

  /**
   * One second of the demo.
   *
   * @param second its number, from 1
   * @param event what the demo did at its start, or empty
   * @param primary calls the primary served in it
   * @param secondary calls the secondary served in it
   * @param readErrors failed reads so far
   * @param writesRefused refused writes so far
   * @param preferred the preferred region at its end
   * @param active the active region at its end
   * @param breakers the breakers' states at its end
   */
  public record Sample(
      int second,
      String event,
      long primary,
      long secondary,
      long readErrors,
      long writesRefused,
      String preferred,
      String active,
      String breakers) {}

  private final List<Sample> samples = new ArrayList<>();

  static String header() {
    return " t  event                                     served primary/secondary  read errors  writes refused"
        + "  preferred  active     breakers";
  }

  String add(Sample s) {
    samples.add(s);
    return String.format(
        "%2d  %-40s  %8d / %-8d         %6d         %6d   %-9s  %-9s  %s",
        s.second(),
        s.event(),
        s.primary(),
        s.secondary(),
        s.readErrors(),
        s.writesRefused(),
        s.preferred(),
        s.active(),
        s.breakers());
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Writes a self-contained HTML page: calls served per region a second, events marked. */
  void writeHtml(Path file, String summary) throws IOException {
    int width = 900;
    int height = 320;
    int left = 50;
    int bottom = 40;
    long max = 1;
    for (Sample s : samples) {
      max = Math.max(max, Math.max(s.primary(), s.secondary()));
    }
    double dx = (width - left - 20.0) / Math.max(1, samples.size() - 1);
    double dy = (height - bottom - 20.0) / max;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'"
                + " font-size='12'>%n",
            width, height));
    svg.append(
        String.format(
            "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>%n",
            left, height - bottom, width - 20, height - bottom));
    svg.append(
        String.format(
            "<line x1='%d' y1='20' x2='%d' y2='%d' stroke='#333'/>%n",
            left, left, height - bottom));
    svg.append(String.format("<text x='5' y='25'>%d/s</text>%n", max));
    // Events are numbered on the chart and spelled out in a list below it: seconds apart, their
    // labels would overlap.
    StringBuilder legend = new StringBuilder();
    int events = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      double x = left + i * dx;
      if (!s.event().isEmpty()) {
        events++;
        svg.append(
            String.format(
                "<line x1='%.1f' y1='20' x2='%.1f' y2='%d' stroke='#999' stroke-dasharray='4'/>"
                    + "<circle cx='%.1f' cy='11' r='8' fill='#555'/>"
                    + "<text x='%.1f' y='15' fill='white' text-anchor='middle'>%d</text>%n",
                x, x, height - bottom, x, x, events));
        legend.append(String.format("<li>t = %d s: %s</li>%n", s.second(), escape(s.event())));
      }
      if (s.readErrors() > 0 && (i == 0 || samples.get(i - 1).readErrors() < s.readErrors())) {
        svg.append(
            String.format("<circle cx='%.1f' cy='%d' r='4' fill='red'/>%n", x, height - bottom));
      }
      svg.append(
          String.format(
              "<text x='%.1f' y='%d' text-anchor='middle'>%d</text>%n",
              x, height - bottom + 15, s.second()));
    }
    svg.append(polyline(dx, dy, left, height - bottom, true, "#1f77b4"));
    svg.append(polyline(dx, dy, left, height - bottom, false, "#ff7f0e"));
    svg.append("</svg>\n");
    StringBuilder rows = new StringBuilder();
    for (Sample s : samples) {
      rows.append(
          String.format(
              "<tr><td>%d</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td>"
                  + "<td>%s</td><td>%s</td></tr>%n",
              s.second(),
              escape(s.event()),
              s.primary(),
              s.secondary(),
              s.readErrors(),
              s.writesRefused(),
              s.preferred(),
              s.active(),
              escape(s.breakers())));
    }
    String html =
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>s3-failover demo</title>"
            + "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;"
            + "text-align:right}table{border-collapse:collapse}tr:nth-child(even){background:#f4f4f4}"
            + "td:nth-child(2),th:nth-child(2){text-align:left}"
            + "</style></head><body>\n<h1>s3-failover: a regional outage rehearsed</h1>\n<p>"
            + escape(summary)
            + "</p>\n<p><span style='color:#1f77b4'>&#9632; served by primary</span> &nbsp; "
            + "<span style='color:#ff7f0e'>&#9632; served by secondary</span> &nbsp; "
            + "<span style='color:red'>&#9679; failed read</span> (calls a second)</p>\n"
            + svg
            + "<ol>\n"
            + legend
            + "</ol>\n"
            + "<table><tr><th>t</th><th>event</th><th>primary</th><th>secondary</th>"
            + "<th>read errors</th><th>writes refused</th><th>preferred</th><th>active</th>"
            + "<th>breakers</th></tr>\n"
            + rows
            + "</table></body></html>\n";
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private String polyline(
      double dx, double dy, int left, int baseline, boolean primary, String colour) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      long v = primary ? s.primary() : s.secondary();
      points.append(String.format("%.1f,%.1f ", left + i * dx, baseline - v * dy));
    }
    return String.format(
        "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n", colour, points);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
