package org.selfhub.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/**
 * Command-line entry of the inference worker. It will register with a hub, lease jobs and run
 * models (inference-design.md); for now it answers {@code --version} and {@code --help}.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(help());
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            out.println("hub-worker " + version());
            return 0;
        }
        err.println("hub-worker: unknown option '" + args[0] + "'; see --help");
        return 2;
    }

    static String help() {
        return """
                Usage: java -jar hub-worker.jar [OPTIONS]

                An inference worker for the hub: it registers with hub-server, leases jobs,
                fetches model files through the hub and runs them with ONNX Runtime.

                Options:
                  --help, -h       show this help and exit
                  --version, -V    print the version and exit

                Environment:
                  HUB_URL               base URL of the hub (e.g. http://hub.internal:8080)
                  HUB_WORKER_SECRET     the worker-pool secret configured on the hub
                  HUB_WORKER_DEVICE     auto | cpu | cuda (default auto)
                """;
    }

    static String version() {
        try (InputStream in = WorkerMain.class.getResourceAsStream("/hub-worker.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
