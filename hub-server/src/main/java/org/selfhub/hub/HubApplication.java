package org.selfhub.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: one process serving the Hub API, git, file bytes, the web UI and inference. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(HubApplication.class, args);
        } catch (Throwable failure) {
            // Boot has already reported the failure (one line when it was analysed); exit non-zero
            // without the JVM printing the stack trace again.
            System.exit(1);
        }
    }
}
