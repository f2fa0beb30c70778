package org.selfhub.hub.inference;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's one {@code LISTEN} connection (inference-design.md §3.1, §3.8): new jobs wake
 * waiting lease calls, finished jobs wake the client request waiting for them wherever the result
 * was posted. NOTIFY is not durable, so every waiter also re-checks on a timer; a lost connection
 * is reopened after a pause.
 */
final class JobSignals implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobSignals.class);

    private final DataSource dataSource;
    private final Consumer<String> onNewJob;
    private final Consumer<String> onJobDone;
    private volatile boolean running = true;
    private volatile Thread thread;

    JobSignals(DataSource dataSource, Consumer<String> onNewJob, Consumer<String> onJobDone) {
        this.dataSource = dataSource;
        this.onNewJob = onNewJob;
        this.onJobDone = onJobDone;
    }

    void start() {
        running = true;
        thread = new Thread(this, "inference-listen");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + JobQueue.CHANNEL_NEW);
                    s.execute("LISTEN " + JobQueue.CHANNEL_DONE);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        dispatch(n);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Inference LISTEN connection failed; reopening in 1 s: {}", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dispatch(PGNotification n) {
        try {
            if (JobQueue.CHANNEL_NEW.equals(n.getName())) {
                onNewJob.accept(n.getParameter());
            } else if (JobQueue.CHANNEL_DONE.equals(n.getName())) {
                onJobDone.accept(n.getParameter());
            }
        } catch (RuntimeException e) {
            log.warn("Inference signal {} {} failed: {}", n.getName(), n.getParameter(), e.toString());
        }
    }
}
