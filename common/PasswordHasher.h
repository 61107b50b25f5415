// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QString>

namespace smmo {

// Hashes and checks account passwords with salted PBKDF2-HMAC-SHA256 (OpenSSL), stored as
// "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>" so the cost can be raised later.
//
// Hashing is deliberately slow (tens of milliseconds at the default cost), so a server must never
// call hash() or verify() on the thread that serves requests: use hashAsync()/verifyAsync(), which
// run on QThreadPool::globalInstance(), and continue on the server thread with
// `.then(contextObject, [](bool ok) { ... })`, which delivers the result through contextObject's
// event loop and drops it if contextObject is gone.
//
// To keep login timing independent of whether an account exists, callers should verify the password
// against a dummy hash of the same cost when the user is unknown.
//
// Passwords are hashed as the UTF-8 of the QString as given, without Unicode normalisation.
class PasswordHasher
{
public:
    // OWASP's Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256 (since December 2022).
    // About 136 ms per hash on one core of the reference VM (bench_passwordhasher), so roughly 7
    // logins per second per core; the AuthServer's hash-iterations option lowers it for tests and
    // raises it later. Stored hashes record their own count: old hashes keep verifying, and
    // needsRehash() upgrades them at the next login.
    static constexpr int defaultIterations = 600000;
    // Bounds on a stored count: below 1 PBKDF2 is undefined, above 10M a forged or corrupt row
    // could pin a CPU for seconds per login attempt.
    static constexpr int minIterations = 1;
    static constexpr int maxIterations = 10'000'000;
    static constexpr int saltLength = 16; // bytes, from QRandomGenerator::system()
    static constexpr int keyLength = 32;  // bytes, one SHA-256 block: more would only cost defenders

    // Returns the encoded hash, or an empty string if iterations is outside [minIterations, maxIterations].
    static QString hash(const QString &password, int iterations = defaultIterations);

    // True only if encoded is a well-formed hash of password; anything malformed is false.
    static bool verify(const QString &password, const QString &encoded);

    // True if encoded should be replaced by a fresh hash(): malformed, fewer iterations than asked,
    // or a salt shorter than this class makes. Call after a successful verify(), while the
    // plain password is still at hand.
    static bool needsRehash(const QString &encoded, int iterations = defaultIterations);

    // hash() and verify() on the global thread pool. The arguments are taken by value because they
    // are used on another thread after the caller has returned.
    static QFuture<QString> hashAsync(QString password, int iterations = defaultIterations);
    static QFuture<bool> verifyAsync(QString password, QString encoded);
};

} // namespace smmo
