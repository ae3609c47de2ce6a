import java.util.SplittableRandom;

/**
 * How fast the memory a fresh process is given is: random reads over a pre-touched 384 MB array (best of 8 passes),
 * and a compute-only loop for comparison. Run it several times on the server's core and compare processes:
 * {@code for i in $(seq 10); do taskset -c 0 java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseSerialGC
 * benchmarks/probes/MemWalk.java; done} (see BENCHMARKS.md, Reading). With an argument, {@code MemWalk.java 100},
 * it instead measures the same process's reads every 8 s for that many seconds (best of 4 passes each): how much one
 * process's memory speed drifts by itself.
 */
public class MemWalk {

    public static void main(String[] args) throws InterruptedException {
        int size = 48 * 1024 * 1024;
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            values[i] = i;
        }
        SplittableRandom random = new SplittableRandom(42);
        int[] indexes = new int[1 << 22];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = random.nextInt(size);
        }
        if (args.length > 0) {
            long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
            StringBuilder series = new StringBuilder("random read, ns/access:");
            while (System.nanoTime() < end) {
                series.append(String.format(" %.1f", bestRead(values, indexes, 4) / (double) indexes.length));
                Thread.sleep(8_000);
            }
            System.out.println(series + " (" + (sink & 1) + ")");
            return;
        }
        long best = bestRead(values, indexes, 8);
        long start = System.nanoTime();
        long x = 1;
        for (int i = 0; i < 200_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        long compute = System.nanoTime() - start;
        System.out.printf("random read %.2f ns/access, compute %.3f ns/op (%d)%n", best / (double) indexes.length,
            compute / 2e8, (sink ^ x) & 1);
    }

    /** Keeps the reads from being optimised away. */
    private static long sink;

    /** The fastest of {@code passes} walks over {@code indexes}, in nanoseconds. */
    private static long bestRead(long[] values, int[] indexes, int passes) {
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < passes; pass++) {
            long start = System.nanoTime();
            long sum = 0;
            for (int index : indexes) {
                sum += values[index];
            }
            best = Math.min(best, System.nanoTime() - start);
            sink += sum;
        }
        return best;
    }
}
