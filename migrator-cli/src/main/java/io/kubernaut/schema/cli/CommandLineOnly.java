package io.kubernaut.schema.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option that only the command line may set: no {@code MIGRATOR_*} variable, no config
 * file key. For a deliberate act's options ({@code repair --reason}), which a value left in the
 * environment or a file must never supply.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface CommandLineOnly {
}
