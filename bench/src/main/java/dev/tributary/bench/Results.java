package dev.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every figure of one {@code bench/run}, by benchmark; renders them as the table printed at the end
 * and as docs/BENCHMARKS.md (each benchmark's section: its method, its figures in the same table
 * form, its notes).
 */
final class Results {

    /** One benchmark's part: what it measures and how (Markdown), its figures, and notes after them. */
    static final class Section {
        final String name;
        final String title;
        private String method = "";
        private final List<Figure> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private String failure;

        private Section(String name, String title) {
            this.name = name;
            this.title = title;
        }

        /** A new figure of this benchmark, shown in the order made; {@code decimals} of its values. */
        Figure figure(String name, String unit, int decimals) {
            Figure f = new Figure(name, unit, decimals);
            figures.add(f);
            return f;
        }

        /** What the benchmark measures and how, shown before its figures. */
        void method(String markdown) {
            method = markdown.strip();
        }

        /** A paragraph (or list) shown after the figures. */
        void note(String markdown) {
            notes.add(markdown.strip());
        }

        void failed(Exception e) {
            failure = e.toString();
        }

        boolean hasFailed() {
            return failure != null;
        }
    }

    private record Column(String title, boolean right) {}

    private static final List<Column> COLUMNS = List.of(new Column("figure", false), new Column("min", true),
            new Column("median", true), new Column("runs", true), new Column("goal", false), new Column("ratio", false),
            new Column("met", false));

    private final List<Section> sections = new ArrayList<>();

    Section section(String name, String title) {
        Section s = new Section(name, title);
        sections.add(s);
        return s;
    }

    boolean anyFailed() {
        return sections.stream().anyMatch(Section::hasFailed);
    }

    /** Every figure of every benchmark, one table. */
    String table() {
        List<Column> columns = Stream.concat(Stream.of(new Column("benchmark", false)), COLUMNS.stream()).toList();
        List<List<String>> rows = new ArrayList<>();
        for (Section s : sections) {
            for (Figure f : s.figures) {
                rows.add(Stream.concat(Stream.of(s.name), cells(f).stream()).toList());
            }
            if (s.failure != null) {
                rows.add(List.of(s.name, "FAILED: " + s.failure, "", "", "", "", "", ""));
            }
        }
        return table(columns, rows);
    }

    /** docs/BENCHMARKS.md: {@code preamble} (how it was made), the machine, then a section per benchmark. */
    String markdown(String preamble, String machine) {
        List<String> blocks = new ArrayList<>(List.of("# Benchmarks", preamble.strip(), "## Machine", machine.strip()));
        for (Section s : sections) {
            blocks.add("## " + s.title);
            if (!s.method.isEmpty()) {
                blocks.add(s.method);
            }
            if (s.failure != null) {
                blocks.add("**Failed**: `" + s.failure.replace('`', '\'') + "`");
            }
            if (!s.figures.isEmpty()) {
                blocks.add(table(COLUMNS, s.figures.stream().map(Results::cells).toList()).strip());
            }
            blocks.addAll(s.notes);
        }
        return String.join("\n\n", blocks) + "\n";
    }

    private static List<String> cells(Figure f) {
        return List.of(f.name(), f.min(), f.median(), Integer.toString(f.runs()), f.goal(), f.ratio(), f.met());
    }

    /** A Markdown table with its columns padded, so that it reads as well in a terminal. */
    private static String table(List<Column> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).title().length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, columns, widths, columns.stream().map(Column::title).toList());
        b.append('|');
        for (int i = 0; i < widths.length; i++) {
            b.append("-".repeat(widths[i] + 1)).append(columns.get(i).right() ? ":|" : "-|");
        }
        b.append('\n');
        for (List<String> row : rows) {
            line(b, columns, widths, row);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<Column> columns, int[] widths, List<String> cells) {
        b.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String pad = " ".repeat(widths[i] - cells.get(i).length());
            b.append(' ').append(columns.get(i).right() ? pad + cells.get(i) : cells.get(i) + pad).append(" |");
        }
        b.append('\n');
    }
}
