package org.selfhub.worker.device;

/**
 * The device a worker runs its models on, as reported at registration (inference-design.md §3.2, §6).
 *
 * @param kind     {@code "cpu"} or {@code "cuda"}
 * @param index    the CUDA device index; 0 for the CPU
 * @param name     a human-readable device name
 * @param memTotal the memory budget in bytes: GPU memory for CUDA, the configured RAM budget for the CPU
 * @param reason   why this device was chosen (e.g. the reason {@code auto} fell back to the CPU)
 */
public record Device(String kind, int index, String name, long memTotal, String reason) {

    public boolean isCuda() {
        return "cuda".equals(kind);
    }

    /** The {@code runtimes} entry sent at registration. */
    public String runtime() {
        return isCuda() ? "onnx-cuda" : "onnx-cpu";
    }
}
