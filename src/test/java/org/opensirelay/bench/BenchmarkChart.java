package org.opensirelay.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The PNG chart: for each envelope size, throughput (items/s) and p99 latency (ms) against
 * concurrency, one line per server. Drawn with Java2D (headless), so the benchmark needs nothing
 * beyond the JDK.
 */
final class BenchmarkChart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 900;
    private static final Map<String, Color> COLORS = Map.of(
            Benchmark.RELAY, new Color(0xD6, 0x27, 0x28),
            Benchmark.RELAY_POSTGRES, new Color(0x8C, 0x56, 0x4B),
            Benchmark.TEXTBOOK_DURABLE, new Color(0xFF, 0x7F, 0x0E),
            Benchmark.TEXTBOOK, new Color(0x94, 0x67, 0xBD),
            Benchmark.NOOP, new Color(0x1F, 0x77, 0xB4),
            Benchmark.WIREMOCK, new Color(0x2C, 0xA0, 0x2C),
            Benchmark.SAME_WORK, new Color(0xBC, 0xBD, 0x22),
            Benchmark.SAME_WORK_POSTGRES, new Color(0x17, 0xBE, 0xCF));
    private static final List<String> SERVERS = List.of(
            Benchmark.RELAY,
            Benchmark.RELAY_POSTGRES,
            Benchmark.SAME_WORK,
            Benchmark.SAME_WORK_POSTGRES,
            Benchmark.TEXTBOOK_DURABLE,
            Benchmark.TEXTBOOK,
            Benchmark.NOOP,
            Benchmark.WIREMOCK);

    private BenchmarkChart() {}

    static void write(BenchmarkResults results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "opensi-relay vs its peers — %d cores, %s",
                        Runtime.getRuntime().availableProcessors(),
                        results.date.toLocalDate()),
                30,
                32);
        legend(g, 30, 55);

        List<Integer> sizes = results.settings.sizes();
        int panelWidth = (WIDTH - 60) / 2;
        int panelHeight = (HEIGHT - 90) / sizes.size();
        for (int row = 0; row < sizes.size(); row++) {
            int size = sizes.get(row);
            int top = 80 + row * panelHeight;
            panel(
                    g,
                    results,
                    size,
                    30,
                    top,
                    panelWidth - 20,
                    panelHeight - 20,
                    size + "-item envelopes: items/s (log scale)",
                    LoadResult::itemsPerSecond,
                    true);
            panel(
                    g,
                    results,
                    size,
                    30 + panelWidth,
                    top,
                    panelWidth - 20,
                    panelHeight - 20,
                    size + "-item envelopes: p99 latency, ms",
                    LoadResult::p99Ms,
                    false);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        int left = x;
        for (String server : SERVERS) {
            if (x + 40 + g.getFontMetrics().stringWidth(server) > WIDTH - 20) {
                x = left;
                y += 20;
            }
            g.setColor(COLORS.get(server));
            g.setStroke(new BasicStroke(3));
            g.drawLine(x, y - 5, x + 30, y - 5);
            g.setColor(Color.BLACK);
            g.drawString(server, x + 38, y);
            x += 60 + g.getFontMetrics().stringWidth(server);
        }
    }

    /** One panel: a value against concurrency (evenly spaced categories), a line per server. */
    private static void panel(
            Graphics2D g,
            BenchmarkResults results,
            int size,
            int x,
            int y,
            int width,
            int height,
            String title,
            ToDoubleFunction<LoadResult> value,
            boolean log) {
        List<Integer> concurrencies = results.settings.concurrencies();
        int left = x + 70;
        int bottom = y + height - 40;
        int plotWidth = width - 80;
        int plotHeight = height - 70;
        double max = results.ingest.stream()
                .filter(r -> r.size() == size)
                .mapToDouble(value)
                .max()
                .orElse(1);
        double min = results.ingest.stream()
                .filter(r -> r.size() == size)
                .mapToDouble(value)
                .filter(v -> v > 0)
                .min()
                .orElse(1);
        // Log scale: from the decade below the smallest value to the decade above the largest.
        Axis axis = log
                ? new Axis(
                        Math.floor(Math.log10(min)),
                        Math.max(Math.ceil(Math.log10(max)), Math.floor(Math.log10(min)) + 1),
                        true)
                : new Axis(0, niceCeiling(max * 1.1), false);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x + 10, y + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1));
        int ticks = axis.log() ? (int) (axis.top() - axis.bottom()) : 5;
        for (int tick = 0; tick <= ticks; tick++) {
            int ty = bottom - tick * plotHeight / ticks;
            g.setColor(new Color(0xE0, 0xE0, 0xE0));
            g.drawLine(left, ty, left + plotWidth, ty);
            g.setColor(Color.DARK_GRAY);
            String label = format(axis.log() ? Math.pow(10, axis.bottom() + tick) : axis.top() * tick / ticks);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), ty + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, left + plotWidth, bottom);
        g.drawLine(left, bottom, left, bottom - plotHeight);
        for (int i = 0; i < concurrencies.size(); i++) {
            int cx = xOf(i, concurrencies.size(), left, plotWidth);
            String label = "c=" + concurrencies.get(i);
            g.drawString(label, cx - g.getFontMetrics().stringWidth(label) / 2, bottom + 18);
        }
        g.drawString("concurrent connections", left + plotWidth / 2 - 60, bottom + 34);

        for (String server : SERVERS) {
            g.setColor(COLORS.get(server));
            g.setStroke(new BasicStroke(2.5f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < concurrencies.size(); i++) {
                Optional<LoadResult> result = results.ingest(server, size, concurrencies.get(i));
                if (result.isEmpty()) {
                    continue;
                }
                int px = xOf(i, concurrencies.size(), left, plotWidth);
                int py = bottom - (int) Math.round(axis.fraction(value.applyAsDouble(result.get())) * plotHeight);
                g.fillOval(px - 4, py - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, px, py);
                }
                previousX = px;
                previousY = py;
            }
        }
    }

    /** A value axis: linear from {@code bottom} to {@code top}, or logarithmic between those powers of ten. */
    private record Axis(double bottom, double top, boolean log) {

        double fraction(double value) {
            return log
                    ? (Math.log10(Math.max(value, Math.pow(10, bottom))) - bottom) / (top - bottom)
                    : (value - bottom) / (top - bottom);
        }
    }

    private static int xOf(int index, int count, int left, int plotWidth) {
        return count == 1 ? left + plotWidth / 2 : left + 20 + index * (plotWidth - 40) / (count - 1);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value >= 1000
                ? String.format(Locale.ROOT, "%,.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
