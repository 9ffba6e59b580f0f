package org.medirelay.ops;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/**
 * How the OpenAPI document (/v3/api-docs, UI at /swagger-ui.html) describes authentication: user
 * endpoints take the access token from POST /api/auth/login; the integration API takes the clinic
 * backend's X-Internal-Secret.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "MediRelay application API",
            version = "0.1",
            description =
                "Accounts, appointments, video sessions and join tokens. Errors are RFC 9457 problem details."),
    security = @SecurityRequirement(name = OpenApiConfiguration.BEARER))
@SecurityScheme(
    name = OpenApiConfiguration.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
@SecurityScheme(
    name = OpenApiConfiguration.INTERNAL_SECRET,
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    paramName = "X-Internal-Secret")
public class OpenApiConfiguration {
  public static final String BEARER = "bearer";
  public static final String INTERNAL_SECRET = "internalSecret";
}
