package org.selfhub.worker.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceSelectorTests {

    static final long BUDGET = 1L << 30;
    final List<String> logged = new ArrayList<>();
    final Logger jul = Logger.getLogger(DeviceSelector.class.getName());
    final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(handler);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(handler);
    }

    @Test
    void theProbeGraphRunsOnTheCpu() throws Exception {
        assertThat(DeviceSelector.runProbe(-1)).containsExactly(2f, -4f, 1f, 6f);
    }

    @Test
    void autoOnThisCpuOnlyHostFallsBackToTheCpuAndLogsWhy() {
        Device d = new DeviceSelector().select("auto", BUDGET);
        assertThat(d.kind()).isEqualTo("cpu");
        assertThat(d.memTotal()).isEqualTo(BUDGET);
        assertThat(d.runtime()).isEqualTo("onnx-cpu");
        assertThat(d.reason()).isNotBlank();
        assertThat(logged).anySatisfy(m -> assertThat(m).startsWith("device auto: using the CPU because ").contains(d.reason()));
    }

    @Test
    void aListedGpuIsNotEnoughTheCudaProbeMustRun() {
        // nvidia-smi "lists" a GPU, but this CPU build of ONNX Runtime cannot add the CUDA provider.
        DeviceSelector selector = new DeviceSelector(
                () -> List.of(new DeviceSelector.Gpu(0, "NVIDIA H200", 141L << 30, 0)), DeviceSelector::runProbe);
        Device d = selector.select("auto", BUDGET);
        assertThat(d.kind()).isEqualTo("cpu");
        assertThat(d.reason()).startsWith("the CUDA provider failed the probe session on GPU 0");
        assertThat(logged).anySatisfy(m -> assertThat(m).contains("CUDA provider failed the probe"));
        assertThatThrownBy(() -> selector.select("cuda", BUDGET)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("device cuda is unavailable");
    }

    @Test
    void cudaIsChosenWhenTheProbeMatchesTheCpu() {
        DeviceSelector selector = new DeviceSelector(
                () -> List.of(new DeviceSelector.Gpu(0, "A", 8L << 30, 0), new DeviceSelector.Gpu(1, "B", 16L << 30, 1L << 30)),
                index -> new float[] {2f, -4f, 1f, 6f});
        Device d = selector.select("cuda:1", BUDGET);
        assertThat(d).isEqualTo(new Device("cuda", 1, "B", 16L << 30, "CUDA probe passed on GPU 1"));
        DeviceSelector wrong = new DeviceSelector(() -> List.of(new DeviceSelector.Gpu(0, "A", 1, 0)), index -> new float[] {0, 0, 0, 0});
        assertThat(wrong.select("auto", BUDGET).reason()).contains("CUDA probe returned");
        DeviceSelector none = new DeviceSelector(() -> {
            throw new IOException("nvidia-smi is not installed");
        }, index -> null);
        assertThat(none.select("auto", BUDGET).reason()).isEqualTo("no GPU found: nvidia-smi is not installed");
        assertThat(none.select("cpu", BUDGET).reason()).isEqualTo("requested cpu");
        assertThatThrownBy(() -> none.select("tpu", BUDGET)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesNvidiaSmiCsv() {
        assertThat(DeviceSelector.parseNvidiaSmi("0, NVIDIA H200, 143771, 512\n1, NVIDIA H200, 143771, 0\n"))
                .containsExactly(new DeviceSelector.Gpu(0, "NVIDIA H200", 143771L << 20, 512L << 20),
                        new DeviceSelector.Gpu(1, "NVIDIA H200", 143771L << 20, 0));
    }
}
