package org.medirelay.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Development mode ({@link DevelopmentMode}).
 *
 * @param medirelayDev MEDIRELAY_DEV: create demo accounts and print their passwords (also on with
 *     the "dev" profile)
 */
@ConfigurationProperties
public record DevModeSettings(@DefaultValue("false") boolean medirelayDev) {}
