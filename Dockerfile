# For people who build their own image with a container engine and a public base. NOT the tested path: the build
# makes target/trebuchet-image.tar with Jib on a jlinked runtime and no shell (docs/adr/0010-container-image.md), and
# ImageIT tests that one. This file is not built or tested by Trebuchet's CI.
#
#   mvn -B -DskipTests package && docker build -t trebuchet:dev .
#   docker run -p 8080:8080 -v trebuchet-data:/data trebuchet:dev
FROM eclipse-temurin:21-jre

# Ubuntu's images (which eclipse-temurin is built on) have a user ubuntu with uid 1000: trebuchet takes its place.
RUN if id ubuntu >/dev/null 2>&1; then userdel --remove ubuntu; fi \
    && groupadd --gid 1000 trebuchet \
    && useradd --uid 1000 --gid 1000 --home-dir /home/trebuchet --create-home --shell /usr/sbin/nologin trebuchet \
    && mkdir /data && chown trebuchet:trebuchet /data

COPY target/trebuchet.jar /opt/trebuchet/trebuchet.jar

ENV TREBUCHET_DATA_DIR=/data \
    TREBUCHET_BIND=0.0.0.0 \
    TREBUCHET_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=65 -XX:+ExitOnOutOfMemoryError" \
    XDG_CONFIG_HOME=/tmp/.config

USER 1000:1000
WORKDIR /data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/trebuchet/trebuchet.jar"]
CMD ["serve"]
