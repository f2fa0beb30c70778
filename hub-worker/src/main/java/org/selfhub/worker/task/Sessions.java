package org.selfhub.worker.task;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.selfhub.worker.model.LoadedModel;

/** Feeds token batches and pixel tensors to a model's session and copies the float outputs out. */
final class Sessions {

    private Sessions() {
    }

    /**
     * Runs the encodings as one right-padded batch when that gives the same numbers as running them one
     * by one, else one by one with the outputs stitched into a padded batch. Dynamically quantized
     * graphs (e.g. Xenova's {@code model_quantized.onnx}) quantize activations with one scale per
     * tensor, so padding and neighbours change every row; that is measured once per model.
     */
    static Map<String, FloatTensor> run(LoadedModel model, Encoding[] encodings) throws OrtException {
        if (encodings.length > 1 && !paddedBatchesAreExact(model)) {
            List<Map<String, FloatTensor>> parts = new java.util.ArrayList<>();
            for (Encoding e : encodings) {
                parts.add(runPadded(model, new Encoding[] {e}));
            }
            return stitch(parts);
        }
        return runPadded(model, encodings);
    }

    static boolean paddedBatchesAreExact(LoadedModel model) {
        return model.fact("paddedBatchesAreExact", () -> {
            try {
                Encoding shortOne = model.tokenizer().encode("hello");
                Encoding longOne = model.tokenizer().encode("a longer sentence to check that padding changes nothing");
                FloatTensor alone = runPadded(model, new Encoding[] {shortOne}).values().iterator().next();
                FloatTensor batched = runPadded(model, new Encoding[] {shortOne, longOne}).values().iterator().next();
                int n = alone.data.length;
                double scale = 1e-9;
                double worst = 0;
                // Row 0 of the batch, restricted to the unpadded positions, against the lone run.
                int perRowBatched = batched.data.length / batched.dim(0);
                int innerAlone = alone.rank() >= 3 ? alone.dim(2) : 1;
                int lenAlone = alone.rank() >= 2 ? alone.dim(1) : 1;
                int innerBatched = batched.rank() >= 3 ? batched.dim(2) : 1;
                for (int j = 0; j < lenAlone; j++) {
                    for (int h = 0; h < innerAlone; h++) {
                        float a = alone.data[j * innerAlone + h];
                        float b = batched.data[j * innerBatched + h];
                        scale = Math.max(scale, Math.abs(a));
                        worst = Math.max(worst, Math.abs(a - b));
                    }
                }
                return perRowBatched > 0 && n > 0 && worst <= 1e-4 * Math.max(1, scale);
            } catch (OrtException | RuntimeException e) {
                return false;
            }
        });
    }

    /** Per-text outputs {@code [1, L_i, …]} stitched into {@code [n, max L, …]}, zero-padded along dim 1. */
    private static Map<String, FloatTensor> stitch(List<Map<String, FloatTensor>> parts) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : parts.get(0).keySet()) {
            FloatTensor first = parts.get(0).get(name);
            long[] shape = first.shape.clone();
            shape[0] = parts.size();
            if (shape.length >= 2) {
                for (Map<String, FloatTensor> p : parts) {
                    shape[1] = Math.max(shape[1], p.get(name).shape[1]);
                }
            }
            int inner = 1;
            for (int d = 2; d < shape.length; d++) {
                inner *= (int) shape[d];
            }
            int rowSize = shape.length >= 2 ? (int) shape[1] * inner : 1;
            float[] data = new float[parts.size() * rowSize];
            for (int i = 0; i < parts.size(); i++) {
                float[] src = parts.get(i).get(name).data;
                System.arraycopy(src, 0, data, i * rowSize, Math.min(src.length, rowSize));
            }
            out.put(name, new FloatTensor(data, shape));
        }
        return out;
    }

    /** Right-pads the encodings to the longest and runs the model once. */
    private static Map<String, FloatTensor> runPadded(LoadedModel model, Encoding[] encodings) throws OrtException {
        int n = encodings.length;
        long[][] ids = new long[n][];
        long[][] types = new long[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = encodings[i].getIds();
            types[i] = encodings[i].getTypeIds();
        }
        return run(model, ids, types);
    }

    /** Runs token id rows (right-padded here), with type ids when given. */
    static Map<String, FloatTensor> run(LoadedModel model, long[][] ids, long[][] typeIds) throws OrtException {
        int n = ids.length;
        int len = 0;
        for (long[] row : ids) {
            len = Math.max(len, row.length);
        }
        long pad = model.config().path("pad_token_id").asLong(0);
        long[] flatIds = new long[n * len];
        long[] mask = new long[n * len];
        long[] types = new long[n * len];
        long[] positions = new long[n * len];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < len; j++) {
                int k = i * len + j;
                boolean real = j < ids[i].length;
                flatIds[k] = real ? ids[i][j] : pad;
                mask[k] = real ? 1 : 0;
                types[k] = real && typeIds != null && typeIds[i] != null ? typeIds[i][j] : 0;
                positions[k] = j;
            }
        }
        Map<String, long[]> feeds = new HashMap<>();
        feeds.put("input_ids", flatIds);
        feeds.put("attention_mask", mask);
        feeds.put("token_type_ids", types);
        feeds.put("position_ids", positions);
        long[] shape = {n, len};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            Map<String, NodeInfo> info = model.inputInfo();
            for (String name : info.keySet()) {
                long[] values = feeds.get(name);
                if (values == null) {
                    throw new TaskException(500, "model input '" + name + "' is not supported by this worker");
                }
                boolean int32 = info.get(name).getInfo() instanceof TensorInfo
                        && ((TensorInfo) info.get(name).getInfo()).type == OnnxJavaType.INT32;
                inputs.put(name, int32 ? OnnxTensor.createTensor(env, IntBuffer.wrap(toInts(values)), shape)
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape));
            }
            return runAndCopy(model.session(), inputs);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Runs one float input tensor (e.g. {@code pixel_values}). */
    static Map<String, FloatTensor> runFloat(LoadedModel model, String name, float[] values, long[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
            Set<String> names = model.inputNames();
            String input = names.contains(name) ? name : names.iterator().next();
            return runAndCopy(model.session(), Map.of(input, t));
        }
    }

    private static Map<String, FloatTensor> runAndCopy(OrtSession session, Map<String, OnnxTensor> inputs) throws OrtException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        try (OrtSession.Result result = session.run(inputs)) {
            for (Map.Entry<String, OnnxValue> e : result) {
                if (e.getValue() instanceof OnnxTensor && ((OnnxTensor) e.getValue()).getInfo().type == OnnxJavaType.FLOAT) {
                    out.put(e.getKey(), FloatTensor.of(e.getValue()));
                }
            }
        }
        return out;
    }

    /** The named output, else the first one. */
    static FloatTensor output(Map<String, FloatTensor> outputs, String... names) {
        for (String n : names) {
            FloatTensor t = outputs.get(n);
            if (t != null) {
                return t;
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalStateException("the model produced no float output");
        }
        return outputs.values().iterator().next();
    }

    static List<FloatTensor> outputs(Map<String, FloatTensor> outputs) {
        return List.copyOf(outputs.values());
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }
}
