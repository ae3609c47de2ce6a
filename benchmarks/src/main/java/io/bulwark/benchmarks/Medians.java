package io.bulwark.benchmarks;

import java.util.Comparator;
import java.util.List;

/** The statistic every table of the benchmarks quotes: a single run is never quoted, the median of runs is. */
public final class Medians {

    private Medians() {
    }

    /** The median; NaN for no values. */
    public static double of(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The middle half's bounds (the medians of the lower and upper halves); NaN for fewer than two values. */
    public static double[] middleHalf(List<Double> values) {
        if (values.size() < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int half = sorted.size() / 2;
        return new double[] {of(sorted.subList(0, half)), of(sorted.subList(sorted.size() - half, sorted.size()))};
    }
}
