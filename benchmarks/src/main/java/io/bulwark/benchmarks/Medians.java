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
}
