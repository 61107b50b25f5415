// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PasswordHasher.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

namespace smmo {

namespace {

const QLatin1String scheme("pbkdf2-sha256");
constexpr QByteArray::Base64Options base64Options = QByteArray::Base64Encoding;

// Salts longer than this are never produced; the cap only bounds work on a corrupt row.
constexpr qsizetype maxSaltLength = 1024;
// "pbkdf2-sha256$10000000$" plus the base64 of the longest salt and of the key, with room to spare.
constexpr qsizetype maxEncodedLength = 2048;

struct ParsedHash
{
    int iterations = 0;
    QByteArray salt;
    QByteArray key;
};

std::optional<QByteArray> decodeBase64(const QString &text)
{
    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), base64Options | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

// Every rule here guards verify() against a row that is corrupt or was tampered with, so that it
// answers false instead of doing unbounded work or reading past a buffer.
std::optional<ParsedHash> parseHash(const QString &encoded)
{
    if (encoded.size() > maxEncodedLength)
        return std::nullopt;
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts.at(0) != scheme)
        return std::nullopt;

    // Digits only: QString::toInt() would also take signs and surrounding spaces.
    const QString &count = parts.at(1);
    if (count.isEmpty() || count.size() > 8 ||
        !std::all_of(count.begin(), count.end(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
        return std::nullopt;
    ParsedHash parsed;
    parsed.iterations = count.toInt();
    if (parsed.iterations < PasswordHasher::minIterations ||
        parsed.iterations > PasswordHasher::maxIterations)
        return std::nullopt;

    const std::optional<QByteArray> salt = decodeBase64(parts.at(2));
    const std::optional<QByteArray> key = decodeBase64(parts.at(3));
    if (!salt || salt->isEmpty() || salt->size() > maxSaltLength || !key ||
        key->size() != PasswordHasher::keyLength)
        return std::nullopt;
    parsed.salt = *salt;
    parsed.key = *key;
    return parsed;
}

// Returns an empty array if OpenSSL fails, which callers treat as "no match".
QByteArray deriveKey(const QString &password, const QByteArray &salt, int iterations)
{
    const QByteArray utf8 = password.toUtf8();
    if (utf8.size() > std::numeric_limits<int>::max() || salt.size() > std::numeric_limits<int>::max())
        return {};
    QByteArray key(PasswordHasher::keyLength, Qt::Uninitialized);
    const int ok = PKCS5_PBKDF2_HMAC(utf8.constData(), int(utf8.size()),
                                     reinterpret_cast<const unsigned char *>(salt.constData()),
                                     int(salt.size()), iterations, EVP_sha256(), int(key.size()),
                                     reinterpret_cast<unsigned char *>(key.data()));
    if (ok != 1)
        return {};
    return key;
}

QString encode(int iterations, const QByteArray &salt, const QByteArray &key)
{
    return QStringLiteral("%1$%2$%3$%4")
        .arg(scheme, QString::number(iterations), QString::fromLatin1(salt.toBase64(base64Options)),
             QString::fromLatin1(key.toBase64(base64Options)));
}

} // namespace

QString PasswordHasher::hash(const QString &password, int iterations)
{
    if (iterations < minIterations || iterations > maxIterations)
        return QString();

    // The system generator is the OS's CSPRNG; the default one is seeded once and not meant for secrets.
    std::array<quint32, saltLength / sizeof(quint32)> words;
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray salt(reinterpret_cast<const char *>(words.data()), saltLength);

    const QByteArray key = deriveKey(password, salt, iterations);
    if (key.isEmpty())
        return QString();
    return encode(iterations, salt, key);
}

bool PasswordHasher::verify(const QString &password, const QString &encoded)
{
    const std::optional<ParsedHash> parsed = parseHash(encoded);
    if (!parsed)
        return false;
    const QByteArray key = deriveKey(password, parsed->salt, parsed->iterations);
    // Constant time, so the response time does not tell an attacker how many leading bytes matched.
    return key.size() == parsed->key.size() &&
           CRYPTO_memcmp(key.constData(), parsed->key.constData(), size_t(key.size())) == 0;
}

bool PasswordHasher::needsRehash(const QString &encoded, int iterations)
{
    const std::optional<ParsedHash> parsed = parseHash(encoded);
    return !parsed || parsed->iterations < iterations || parsed->salt.size() < saltLength;
}

QFuture<QString> PasswordHasher::hashAsync(QString password, int iterations)
{
    return QtConcurrent::run(
        [password = std::move(password), iterations] { return hash(password, iterations); });
}

QFuture<bool> PasswordHasher::verifyAsync(QString password, QString encoded)
{
    return QtConcurrent::run(
        [password = std::move(password), encoded = std::move(encoded)] { return verify(password, encoded); });
}

} // namespace smmo
