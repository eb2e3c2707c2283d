package io.strata.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.Locale;

/**
 * Derives Quarkus security switches from {@code strata.auth.mode}, so that operators set one key:
 * <ul>
 *   <li>{@code quarkus.oidc.tenant-enabled} is {@code true} only under {@code oidc}: under {@code none}
 *       quarkus-oidc stays off and needs no {@code quarkus.oidc.auth-server-url} (nor a Keycloak);</li>
 *   <li>{@code quarkus.http.auth.permission.metrics.enabled} (the {@code /q/metrics} permission in
 *       application.properties) is {@code true} only under {@code oidc} with
 *       {@code strata.auth.metrics-public=false}.</li>
 * </ul>
 * An explicitly configured value always wins over the derived one, which replaces only the
 * extensions' built-in defaults. Registered through {@code META-INF/services}; stateless.
 */
public class AuthModeConfigInterceptor implements ConfigSourceInterceptor {

    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
    static final String METRICS_PERMISSION_ENABLED = "quarkus.http.auth.permission.metrics.enabled";
    static final int EXPLICIT_MIN_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!(TENANT_ENABLED.equals(name) || METRICS_PERMISSION_ENABLED.equals(name)) || isExplicit(value)) {
            return value;
        }
        boolean oidc = "oidc".equals(text(context, "strata.auth.mode", "oidc").toLowerCase(Locale.ROOT));
        boolean derived = TENANT_ENABLED.equals(name)
                ? oidc
                : oidc && !Boolean.parseBoolean(text(context, "strata.auth.metrics-public", "true"));
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(derived))
                .withConfigSourceName(getClass().getSimpleName()).build();
    }

    /**
     * Whether the value was configured rather than a built-in default: the extension's defaults
     * (quarkus-oidc's {@code tenant-enabled=true}) come from sources ranked below every real one
     * (system properties 400, environment 300, application.properties 250, microprofile-config 100).
     */
    private static boolean isExplicit(ConfigValue value) {
        return value != null && value.getConfigSourceOrdinal() >= EXPLICIT_MIN_ORDINAL;
    }

    private static String text(ConfigSourceInterceptorContext context, String name, String defaultValue) {
        ConfigValue value = context.proceed(name);
        return value == null || value.getValue() == null ? defaultValue : value.getValue().trim();
    }
}
