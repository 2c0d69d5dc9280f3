/**
 * Table families by Maven coordinates, for tools that are not Maven builds (the CLI, a Go service's
 * end-to-end set-up): {@link io.kubernaut.schema.resolver.FamilyResolver} resolves family artifacts and
 * their runtime dependencies with Maven Resolver, and {@link io.kubernaut.schema.resolver.ResolvedFamilies}
 * loads them in a class loader that shares only migrator-core with its parent, so they are discovered
 * exactly as on a class path and never mix with the families the parent happens to have.
 *
 * <p>Failures are {@link io.kubernaut.schema.resolver.FamilyResolutionException}s, one subtype per case.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.resolver;
