package dev.dx.secrets.internal.store;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.secrets.internal.crypto.Argon2Params;
import dev.dx.secrets.internal.crypto.Keys;

/**
 * Decides whether the file on disk can be trusted, and remembers why it could not, for {@code status}. A file that
 * fails any check is never decrypted further and never overwritten: the owner restores or moves it first.
 */
final class Integrity {
    private static final Logger LOG = LoggerFactory.getLogger(Integrity.class);

    private final AtomicFile file;
    private final String fileName;
    private volatile String problem;

    Integrity(AtomicFile file) {
        this.file = file;
        this.fileName = String.valueOf(file.path().getFileName());
    }

    /** @return the file's bytes, or {@code null} if there is none yet */
    byte[] read() {
        try {
            return file.read();
        } catch (CorruptStoreException e) {
            throw refuse(e.getMessage());
        } catch (IOException e) {
            LOG.warn("Cannot read the secret store {}: {}", file.path(), e.toString());
            throw new RpcException(ErrorCode.UNAVAILABLE, "Cannot read the secret store file " + fileName
                    + "; the log says why", e);
        }
    }

    /** Structural checks, before any key derivation. */
    StoreFormat.Parsed parse(byte[] image, Argon2Params policy) {
        try {
            return StoreFormat.parse(image, policy);
        } catch (CorruptStoreException e) {
            throw refuse(e.getMessage());
        }
    }

    /**
     * @return {@code keys} if they open the file and every check passes; otherwise they are wiped and the attempt is
     *         refused as a wrong password (counted by the throttle) or as an untrusted file
     */
    Keys verified(StoreFormat.Parsed p, Keys keys, Throttle throttle) {
        StoreFormat.Verdict v = StoreFormat.verify(p, keys);
        if (v == StoreFormat.Verdict.OK) {
            return keys;
        }
        keys.wipe();
        if (v == StoreFormat.Verdict.WRONG_PASSWORD) {
            long wait = throttle.failure();
            LOG.warn("Secret store unlock refused: wrong master password{}",
                    wait > 0 ? "; next attempt allowed in " + Throttle.seconds(wait) + " s" : "");
            throw Problems.wrongPassword(wait);
        }
        throw refuse("it was modified outside DX or is damaged (integrity check failed)");
    }

    /**
     * Opens an existing file with a password: structure, then the (slow) key derivation, then every MAC and tag.
     *
     * @return the verified store, whose keys the caller now owns
     */
    Snapshot open(byte[] image, char[] password, Argon2Params policy, Throttle throttle) {
        StoreFormat.Parsed p = parse(image, policy);
        Keys keys = verified(p, p.header().derive(password), throttle);
        throttle.success();
        return Snapshot.opened(p, keys, image);
    }

    /** Refuses to overwrite a file that is not the one this store last read or wrote. */
    void requireUnchanged(byte[] image) {
        byte[] now;
        try {
            now = file.read();
        } catch (IOException | CorruptStoreException e) {
            now = null;
        }
        if (now == null || !MessageDigest.isEqual(now, image)) {
            problem = Problems.changedOnDisk(fileName);
            LOG.warn("Secret store {} changed on disk while unlocked; writes are refused until it is unlocked again",
                    file.path());
            throw new RpcException(ErrorCode.CONFLICT, problem);
        }
    }

    /**
     * Looks at the file for {@code status}, without a key.
     *
     * @param openImage the file bytes of the unlocked store, or {@code null} when locked
     * @return the number of entries the file declares, or {@code null} if unknown
     */
    Integer inspect(byte[] openImage, Argon2Params policy, List<String> problems) {
        String remembered = problem;
        if (remembered != null) {
            problems.add(remembered);
        }
        String perms = file.permissionProblem();
        if (perms != null) {
            problems.add(perms);
        }
        try {
            byte[] image = file.read();
            if (openImage != null) {
                if ((image == null || !MessageDigest.isEqual(image, openImage)) && remembered == null) {
                    problems.add(Problems.changedOnDisk(fileName));
                }
                return null;
            }
            return image == null ? Integer.valueOf(0) : Integer.valueOf(StoreFormat.parse(image, policy).entries().size());
        } catch (CorruptStoreException e) {
            if (remembered == null) {
                problems.add(Problems.untrusted(fileName, e.getMessage()));
            }
        } catch (IOException e) {
            problems.add("Cannot read the secret store file " + fileName + ": " + e.getClass().getSimpleName());
        }
        return null;
    }

    /** Forgets the last refusal: the file was opened and verified. */
    void clear() {
        problem = null;
    }

    private RpcException refuse(String reason) {
        problem = Problems.untrusted(fileName, reason);
        LOG.warn("Secret store {} refused: {}", file.path(), reason);
        return new RpcException(ErrorCode.UNAVAILABLE, problem);
    }
}
