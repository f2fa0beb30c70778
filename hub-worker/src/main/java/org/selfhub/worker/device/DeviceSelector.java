package org.selfhub.worker.device;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the device for {@code auto|cpu|cuda[:N]} (inference-design.md §6).
 *
 * <p>{@code auto} takes CUDA only when (1) {@code nvidia-smi} lists a GPU, (2) the CUDA provider can
 * run the probe graph on it and (3) the probe output equals the CPU's. ONNX Runtime's
 * {@code getAvailableProviders()} is deliberately not consulted: it lists the providers compiled into
 * the jar, not the ones that work on this host (§4.1). Anything else falls back to the CPU, and the
 * reason is logged and kept in {@link Device#reason()}. An explicit {@code cuda} that fails is an error.
 */
public final class DeviceSelector {

    private static final System.Logger LOG = System.getLogger(DeviceSelector.class.getName());

    /** A GPU as listed by {@code nvidia-smi}. */
    public record Gpu(int index, String name, long memTotalBytes, long memUsedBytes) {
    }

    /** Lists the host's GPUs. */
    @FunctionalInterface
    public interface GpuLister {
        List<Gpu> list() throws IOException;
    }

    /** Runs the probe graph with the CUDA provider on a device and returns its output. */
    @FunctionalInterface
    public interface CudaProbe {
        float[] run(int deviceIndex) throws Exception;
    }

    private final GpuLister gpus;
    private final CudaProbe cudaProbe;

    public DeviceSelector() {
        this(DeviceSelector::nvidiaSmi, DeviceSelector::probeCuda);
    }

    public DeviceSelector(GpuLister gpus, CudaProbe cudaProbe) {
        this.gpus = gpus;
        this.cudaProbe = cudaProbe;
    }

    /**
     * @param requested      {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @param cpuMemoryBytes the RAM budget reported as memory when the CPU is chosen
     */
    public Device select(String requested, long cpuMemoryBytes) {
        String r = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        if (r.equals("cpu")) {
            return cpu(cpuMemoryBytes, "requested cpu");
        }
        if (r.equals("auto")) {
            try {
                return cuda(0);
            } catch (DeviceUnavailableException e) {
                LOG.log(System.Logger.Level.INFO, "device auto: using the CPU because " + e.getMessage());
                return cpu(cpuMemoryBytes, e.getMessage());
            }
        }
        if (r.equals("cuda") || r.startsWith("cuda:")) {
            int index;
            try {
                index = r.equals("cuda") ? 0 : Integer.parseInt(r.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device '" + requested + "': expected auto, cpu, cuda or cuda:N");
            }
            try {
                return cuda(index);
            } catch (DeviceUnavailableException e) {
                throw new IllegalStateException("device " + r + " is unavailable: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("bad device '" + requested + "': expected auto, cpu, cuda or cuda:N");
    }

    private static Device cpu(long memoryBytes, String reason) {
        return new Device("cpu", 0, "cpu (" + Runtime.getRuntime().availableProcessors() + " cores)", memoryBytes, reason);
    }

    private Device cuda(int index) {
        List<Gpu> list;
        try {
            list = gpus.list();
        } catch (IOException e) {
            throw new DeviceUnavailableException("no GPU found: " + e.getMessage());
        }
        Gpu gpu = list.stream().filter(g -> g.index() == index).findFirst()
                .orElseThrow(() -> new DeviceUnavailableException(list.isEmpty()
                        ? "no GPU found: nvidia-smi lists none"
                        : "no GPU with index " + index + " (nvidia-smi lists " + list.size() + ")"));
        float[] got;
        try {
            got = cudaProbe.run(index);
        } catch (Throwable e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new DeviceUnavailableException("the CUDA provider failed the probe session on GPU " + index + ": " + msg);
        }
        float[] want = new float[ProbeModel.INPUT.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = ProbeModel.INPUT[i] * 2;
        }
        if (!Arrays.equals(got, want)) {
            throw new DeviceUnavailableException("the CUDA probe returned " + Arrays.toString(got) + ", not " + Arrays.toString(want));
        }
        return new Device("cuda", index, gpu.name(), gpu.memTotalBytes(), "CUDA probe passed on GPU " + index);
    }

    /** Runs the probe graph; with {@code cudaIndex < 0} on the CPU. */
    static float[] runProbe(int cudaIndex) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (cudaIndex >= 0) {
                options.addCUDA(cudaIndex);
            }
            try (OrtSession session = env.createSession(ProbeModel.bytes(), options);
                 OnnxTensor x = OnnxTensor.createTensor(env, ProbeModel.INPUT);
                 OrtSession.Result result = session.run(java.util.Map.of("x", x))) {
                return ((OnnxTensor) result.get(0)).getFloatBuffer().array();
            }
        }
    }

    private static float[] probeCuda(int index) throws OrtException {
        return runProbe(index);
    }

    /** {@code nvidia-smi --query-gpu=…}; an IOException when it is missing or fails. */
    static List<Gpu> nvidiaSmi() throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("nvidia-smi", "--query-gpu=index,name,memory.total,memory.used",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("nvidia-smi is not installed");
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nvidia-smi did not answer within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("nvidia-smi failed: " + out.strip());
            }
            return parseNvidiaSmi(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nvidia-smi");
        }
    }

    static List<Gpu> parseNvidiaSmi(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.strip().split("\n")) {
            String[] f = line.split(",\\s*");
            if (f.length < 4) {
                continue;
            }
            try {
                gpus.add(new Gpu(Integer.parseInt(f[0].trim()), f[1].trim(),
                        Long.parseLong(f[2].trim()) << 20, Long.parseLong(f[3].trim()) << 20));
            } catch (NumberFormatException ignored) {
                // not a data line (e.g. an error message); skip it
            }
        }
        return gpus;
    }

    private static final class DeviceUnavailableException extends RuntimeException {
        DeviceUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
