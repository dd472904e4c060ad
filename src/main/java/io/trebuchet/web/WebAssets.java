package io.trebuchet.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The UI's scripts and style sheet, served from the classpath (htmx from its webjar) so that the UI needs no internet
 * access. Browsers revalidate them with an entity tag, which a new build changes.
 */
public final class WebAssets implements HttpResource {
    static final String HTMX_PATH = "/assets/htmx.min.js";
    static final String CSS_PATH = "/assets/trebuchet.css";
    static final String SCRIPT_PATH = "/assets/trebuchet.js";

    private final Asset htmx;
    private final Asset css;
    private final Asset script;

    public WebAssets() {
        String webjar = "/META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/htmx.min.js";
        this.htmx = Asset.load(webjar, "text/javascript; charset=utf-8");
        this.css = Asset.load("/io/trebuchet/web/trebuchet.css", "text/css; charset=utf-8");
        this.script = Asset.load("/io/trebuchet/web/trebuchet.js", "text/javascript; charset=utf-8");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, HTMX_PATH, htmx::serve);
        PageRoutes.get(routes, CSS_PATH, css::serve);
        PageRoutes.get(routes, SCRIPT_PATH, script::serve);
    }

    private static String htmxVersion() {
        Properties properties = new Properties();
        try (InputStream in =
                WebAssets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the htmx.org webjar is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the htmx.org webjar's version", e);
        }
        return properties.getProperty("version");
    }

    private static final class Asset {
        private final byte[] content;
        private final String contentType;
        private final String etag;

        private Asset(byte[] content, String contentType, String etag) {
            this.content = content;
            this.contentType = contentType;
            this.etag = etag;
        }

        static Asset load(String resource, String contentType) {
            try (InputStream in = WebAssets.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the classpath");
                }
                byte[] content = in.readAllBytes();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
                return new Asset(content, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }

        void serve(Context context) {
            context.header("ETag", etag);
            context.header("Cache-Control", "no-cache");
            context.header("X-Content-Type-Options", "nosniff");
            if (etag.equals(context.header("If-None-Match"))) {
                context.status(304);
                return;
            }
            context.contentType(contentType).result(content);
        }
    }
}
