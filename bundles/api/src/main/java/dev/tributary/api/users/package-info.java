/**
 * Users, roles and API tokens of the host: who may sign in to the console and the REST API, what
 * each may do, and as which source principals each searches.
 *
 * <ul>
 * <li>{@link dev.tributary.api.users.Role}: {@code admin} (everything), {@code operator} (run and
 *     cancel syncs, read everything), {@code viewer} (search only).</li>
 * <li>{@link dev.tributary.api.users.User}: a person with a role and the source principals they are
 *     (e.g. {@code user:ann@example.com}, {@code group:eng}, {@code user:github/ann}); their searches
 *     run with exactly those principals plus {@code everyone}.</li>
 * <li>{@link dev.tributary.api.users.ApiToken}: a credential for automation, owned by a user and
 *     scoped to a role no higher than the owner's.</li>
 * <li>{@link dev.tributary.api.users.UserService}: the directory, implemented by the host's store.</li>
 * </ul>
 *
 * <p>Passwords are stored only as Argon2id hashes (BouncyCastle's implementation, with OWASP's
 * parameters: 19 MiB of memory, 2 iterations, 1 lane, a 16-byte random salt); API tokens, being 256
 * random bits, only as their SHA-256. Neither a hash nor a password ever leaves the implementation:
 * nothing in this package carries one, except the secret of a token just created
 * ({@link dev.tributary.api.users.NewToken}), shown once to whoever created it. The rule a new
 * password must pass is {@link dev.tributary.api.users.PasswordRule}.
 */
@Version("1.0.0")
@Export
package dev.tributary.api.users;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
