package org.selfhub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** Outside Tomcat (here a mock response) the helper is plain {@code setHeader}; Tomcat's path: FilesApiIntegrationTests. */
class ResponseHeadersTests {

    @Test
    void theTomcatOfThisBuildTakesHeadersAsBytes() {
        assertThat(ResponseHeaders.writesBytes()).as("Tomcat's ResponseFacade.response field, read by a VarHandle")
                .isTrue();
    }

    @Test
    void outsideTomcatItSetsTheHeaderAsTheServletApiWould() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.addHeader("X-Repo-Commit", "old");

        ResponseHeaders.set(response, "X-Repo-Commit", "abc");
        ResponseHeaders.set(response, "Content-Disposition", "inline; filename=\"ü.txt\"");
        ResponseHeaders.setDate(response);

        assertThat(response.getHeaders("X-Repo-Commit")).containsExactly("abc");
        assertThat(response.getHeaders("Content-Disposition")).containsExactly("inline; filename=\"ü.txt\"");
        assertThat(response.getHeader("Date")).as("the container adds Date itself").isNull();
    }
}
