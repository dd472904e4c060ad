package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "nginx, https, registry-1.docker.io, library/nginx",
        "team/app, https, registry-1.docker.io, team/app",
        "docker.io/team/app, https, registry-1.docker.io, team/app",
        "ghcr.io/org/team/app, https, ghcr.io, org/team/app",
        "localhost/app, https, localhost, app",
        "http://127.0.0.1:5000/team/geo, http, 127.0.0.1:5000, team/geo",
        "https://Registry.Example.com/a_b/c-d, https, registry.example.com, a_b/c-d"
    })
    void readsImagesAsDockerDoes(String written, String scheme, String host, String repository) {
        ImageReference image = ImageReference.parse(written);

        assertThat(image).isEqualTo(new ImageReference(scheme, host, repository));
        assertThat(ImageReference.parse(image.toString())).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nginx:1.25", "ghcr.io/app@sha256:abc", "ghcr.io/App", "ghcr.io/a//b", "ftp://x.io/a"})
    void refusesWhatIsNotARepository(String written) {
        assertThatThrownBy(() -> ImageReference.parse(written))
                .isInstanceOfSatisfying(
                        TrebuchetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IMAGE_SOURCE));
    }
}
