package org.selfhub.worker.task;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** A float output copied out of ONNX Runtime, row-major, with its shape. */
final class FloatTensor {

    final float[] data;
    final long[] shape;

    FloatTensor(float[] data, long[] shape) {
        this.data = data;
        this.shape = shape;
    }

    static FloatTensor of(OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor)) {
            throw new IllegalStateException("model output is not a tensor: " + value.getType());
        }
        OnnxTensor t = (OnnxTensor) value;
        FloatBuffer fb = t.getFloatBuffer();
        if (fb == null) {
            throw new IllegalStateException("model output is not a float tensor: " + t.getInfo());
        }
        float[] data = new float[fb.remaining()];
        fb.get(data);
        return new FloatTensor(data, t.getInfo().getShape());
    }

    int rank() {
        return shape.length;
    }

    int dim(int i) {
        return (int) shape[i];
    }

    float get(int i, int j) {
        return data[i * dim(1) + j];
    }

    float get(int i, int j, int k) {
        return data[(i * dim(1) + j) * dim(2) + k];
    }

    /** Row {@code i} of a rank-2 tensor. */
    float[] row(int i) {
        int w = dim(1);
        return Arrays.copyOfRange(data, i * w, (i + 1) * w);
    }

    /** Vector {@code [i, j, :]} of a rank-3 tensor. */
    float[] row(int i, int j) {
        int w = dim(2);
        int from = (i * dim(1) + j) * w;
        return Arrays.copyOfRange(data, from, from + w);
    }
}
