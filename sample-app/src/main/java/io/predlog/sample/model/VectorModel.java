package io.predlog.sample.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An embedding-similarity model: a dense linear layer {@code h = W x + b} over a {@code dim}-long
 * vector, then the cosine similarity of {@code h} to each labelled centroid. A sequence of vectors
 * (one array, {@code dim} values per vector) is scored on the mean of its projections.
 *
 * <p>Loads in its constructor, parsing a text file such as {@code models/embed-sim/v1.txt}:
 * <pre>
 * kind vector
 * dim 64
 * bias   b0 b1 ... b63
 * row    w00 ... w063        (dim rows of W)
 * centroid LABEL c0 ... c63  (one or more)
 * </pre>
 * Instances are immutable and safe to share between threads.
 */
public final class VectorModel implements Model {
    private final String name;
    private final String version;
    private final int dim;
    private final float[] weights; // row-major dim x dim
    private final float[] bias;
    private final List<String> labels;
    private final float[][] centroids;
    private final double[] centroidNorms;

    /**
     * Parses the model file and builds its arrays.
     *
     * @throws ModelFormatException if the file is not a well-formed vector model
     * @throws IOException          if reading fails
     */
    public VectorModel(String name, String version, InputStream in) throws IOException {
        this.name = name;
        this.version = version;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int dimension = -1;
        float[] w = null;
        float[] b = null;
        int rows = 0;
        List<String> names = new ArrayList<>();
        List<float[]> centres = new ArrayList<>();
        String line;
        int lineNo = 0;
        boolean kindSeen = false;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tok = line.split("\\s+");
            switch (tok[0]) {
                case "kind":
                    if (tok.length != 2 || !"vector".equals(tok[1])) {
                        throw format(lineNo, "kind must be 'vector'");
                    }
                    kindSeen = true;
                    break;
                case "dim":
                    if (tok.length != 2) {
                        throw format(lineNo, "dim takes one integer");
                    }
                    try {
                        dimension = Integer.parseInt(tok[1]);
                    } catch (NumberFormatException e) {
                        throw format(lineNo, "dim is not an integer");
                    }
                    if (dimension <= 0 || dimension > 4096) {
                        throw format(lineNo, "dim out of range");
                    }
                    w = new float[dimension * dimension];
                    break;
                case "bias":
                    requireDim(dimension, lineNo);
                    b = floats(tok, 1, dimension, lineNo);
                    break;
                case "row":
                    requireDim(dimension, lineNo);
                    if (rows >= dimension) {
                        throw format(lineNo, "more than dim rows");
                    }
                    System.arraycopy(floats(tok, 1, dimension, lineNo), 0, w, rows * dimension, dimension);
                    rows++;
                    break;
                case "centroid":
                    requireDim(dimension, lineNo);
                    if (tok.length < 2) {
                        throw format(lineNo, "centroid needs a label");
                    }
                    names.add(tok[1]);
                    centres.add(floats(tok, 2, dimension, lineNo));
                    break;
                default:
                    throw format(lineNo, "unknown directive '" + tok[0] + "'");
            }
        }
        if (!kindSeen || dimension < 0 || b == null || rows != dimension || centres.isEmpty()) {
            throw new ModelFormatException(name + "/" + version
                    + ": incomplete model (needs kind, dim, bias, dim rows and at least one centroid)");
        }
        this.dim = dimension;
        this.weights = w;
        this.bias = b;
        this.labels = Collections.unmodifiableList(names);
        this.centroids = centres.toArray(new float[0][]);
        this.centroidNorms = new double[centroids.length];
        for (int k = 0; k < centroids.length; k++) {
            centroidNorms[k] = norm(centroids[k]);
        }
    }

    /**
     * Scores one vector, or a sequence of vectors laid end to end (a length that is a multiple of
     * {@link #dim()}): the cosine similarity of the projection to each centroid, in the order of
     * {@link #labels()}. A sequence is mean-pooled: its vectors are projected one by one and their
     * projections averaged, so the work grows in proportion to the input's length. A projection of
     * length zero scores 0 everywhere.
     *
     * @throws DimensionMismatchException if {@code vector.length} is not a positive multiple of {@code dim()}
     * @throws InvalidInputException      if the vector is null or holds NaN or an infinity
     */
    public float[] predict(float[] vector) {
        if (vector == null) {
            throw new InvalidInputException("vector must not be null");
        }
        if (vector.length == 0 || vector.length % dim != 0) {
            throw new DimensionMismatchException("expected a vector of " + dim + " values (or a sequence of such"
                    + " vectors, a multiple of " + dim + "), got " + vector.length);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new InvalidInputException("vector[" + i + "] is not finite");
            }
        }
        int count = vector.length / dim;
        double[] h = new double[dim];
        for (int v = 0; v < count; v++) {
            int offset = v * dim;
            for (int r = 0; r < dim; r++) {
                double sum = bias[r];
                int base = r * dim;
                for (int c = 0; c < dim; c++) {
                    sum += (double) weights[base + c] * vector[offset + c];
                }
                h[r] += sum / count;
            }
        }
        double hNorm = 0;
        for (double v : h) {
            hNorm += v * v;
        }
        hNorm = Math.sqrt(hNorm);
        float[] scores = new float[centroids.length];
        for (int k = 0; k < centroids.length; k++) {
            if (hNorm == 0 || centroidNorms[k] == 0) {
                continue;
            }
            double dot = 0;
            float[] c = centroids[k];
            for (int i = 0; i < dim; i++) {
                dot += h[i] * c[i];
            }
            scores[k] = (float) (dot / (hNorm * centroidNorms[k]));
        }
        return scores;
    }

    /** The label of the highest score (the first one on ties). */
    public String bestLabel(float[] scores) {
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return labels.get(best);
    }

    /** The input length the model takes. */
    public int dim() {
        return dim;
    }

    /** Centroid labels, in score order. */
    public List<String> labels() {
        return labels;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Kind kind() {
        return Kind.VECTOR;
    }

    @Override
    public String toString() {
        return "VectorModel[" + name + "/" + version + ", dim " + dim + ", " + labels.size() + " centroids]";
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private float[] floats(String[] tok, int from, int count, int lineNo) {
        if (tok.length - from != count) {
            throw format(lineNo, "expected " + count + " numbers, found " + (tok.length - from));
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Float.parseFloat(tok[from + i]);
            } catch (NumberFormatException e) {
                throw format(lineNo, "not a number: '" + tok[from + i] + "'");
            }
        }
        return out;
    }

    private void requireDim(int dimension, int lineNo) {
        if (dimension < 0) {
            throw format(lineNo, "dim must come first");
        }
    }

    private ModelFormatException format(int lineNo, String what) {
        return new ModelFormatException(name + "/" + version + " line " + lineNo + ": " + what);
    }
}
