/**
 * The encrypted store and its file format.
 *
 * <h2>File format, version 1</h2>
 * One binary file, {@code ${karaf.data}/dx/secrets.store} by default, mode 0600 in a 0700 folder. Integers are
 * big-endian.
 *
 * <pre>
 * offset size  field
 * ------ ----  ------------------------------------------------------------------------------------------
 * header (41 bytes; authenticated as described below)
 *      0    4  magic "DXSS"
 *      4    2  format version = 1
 *      6    1  key derivation = 2 (Argon2id)
 *      7    1  Argon2 version = 0x13
 *      8    4  Argon2 memory in KiB (at least 65536 = 64 MiB in production, at most 1 GiB)
 *     12    4  Argon2 iterations (1..64)
 *     16    4  Argon2 parallelism / lanes (1..16)
 *     20    1  salt length = 16
 *     21   16  salt (random per store; new on every password change)
 *     37    4  CRC32C of bytes 0..36 (tells accidental damage from a wrong password; not a security check)
 * key check
 *     41   32  HMAC-SHA256(macKey, "dx-secrets v1 key check" || header)
 * entries
 *     73    4  entry count n (0..4096)
 *      then n times, names in strictly ascending order:
 *           1  name length L (1..128)
 *           L  name, ASCII, [a-z0-9][a-z0-9_.-]*
 *          12  nonce (96 random bits from SecureRandom, fresh for every encryption)
 *           4  sealed length S (16..65552)
 *           S  AES-256-GCM(encKey, nonce, value as UTF-8, AAD = header || name): ciphertext, then the 16-byte tag
 * file MAC
 *   last   32  HMAC-SHA256(macKey, "dx-secrets v1 file" || header || every byte from offset 73 up to here)
 * </pre>
 *
 * <h2>Keys</h2>
 * Argon2id (Bouncy Castle {@code Argon2BytesGenerator}) turns the master password (UTF-8) and the salt into 32 bytes
 * with the header's cost parameters; HKDF-Expand with HMAC-SHA256 splits them into {@code encKey} (info
 * "dx-secrets v1 entry key") and {@code macKey} (info "dx-secrets v1 mac key").
 *
 * <h2>What is checked, in order</h2>
 * <ol>
 * <li>Structure, without a key: magic, header CRC, version, parameter bounds (a forged header can neither weaken the
 * derivation below the production floor nor demand gigabytes), every length, name syntax and order, no trailing
 * bytes. A failure means "damaged": refused before any key derivation and not counted as a password attempt.</li>
 * <li>Key check and file MAC, in constant time. Both wrong: the password is wrong (counted, throttled). One wrong:
 * the file was tampered with. The file MAC covers every byte except the key check (which has its own MAC), so entries
 * cannot be removed, added, duplicated, reordered or truncated away, and the header cannot change; keeping the two
 * MACs independent is what lets a damaged key check be reported as damage rather than as a wrong password.</li>
 * <li>Every entry's GCM tag: a value is bound to its name and to this store's header, so swapping values between
 * names fails even for someone who could forge the file MAC.</li>
 * </ol>
 * Why a whole-file MAC rather than an encrypted index: it is one check that covers everything including the count and
 * the order, it needs no second copy of the names, and it is as cheap to verify as the index would be to decrypt.
 * What no format can stop: replacing the whole file with an older genuine version of itself (a rollback); keep the
 * data folder owner-only.
 */
package dev.dx.secrets.internal.store;
