package io.predlog.cli.attach;

/**
 * A running service for {@link AttachCommandTest}: prints {@code ready}, then calls {@link Model#predict} every
 * 10 ms for at most a minute, and prints how many calls it made and their sum.
 */
public final class AttachTarget {

    /** The model the agent is attached to. */
    public static final class Model {
        public double predict(double[] x) {
            return x[0] + x[1];
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Model model = new Model();
        System.out.println("ready");
        System.out.flush();
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        long calls = 0;
        double sum = 0;
        while (System.nanoTime() < end) {
            sum += model.predict(new double[] {calls, 1});
            calls++;
            Thread.sleep(10);
        }
        System.out.println("calls " + calls + " sum " + sum);
    }
}
