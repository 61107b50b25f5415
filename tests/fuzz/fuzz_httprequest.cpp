// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: the request side of common/HttpServer without a socket. The input reads like an
// HTTP request: a method line, a URL line, header lines up to an empty line, then the body. It is
// routed against the project's real route patterns (Router) and parsed by HttpRequest::fromParts
// (form or JSON body, cookies, Bearer token, session verification), and every accessor a handler
// uses is called. Properties: bad input is an ApiError of 400/413, never anything else; 413
// exactly when the body is over the limit; no text of an accepted request holds a NUL character
// (which PostgreSQL cannot store).
#include "ApiError.h"
#include "FuzzCheck.h"
#include "HttpRequest.h"
#include "Router.h"
#include "SessionToken.h"

#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QUrlQuery>

#include <cstdint>

using namespace smmo;

namespace {

constexpr qint64 maxBodyBytes = 2048;
const QByteArray secret = "fuzz-secret-0123456789abcdef";

const Router &router()
{
    static const Router instance = [] {
        Router r;
        // The shapes of the patterns the servers register (docs/api.md).
        for (const char *pattern :
             {"/", "/ping", "/health", "/register", "/login", "/characters", "/<name>/zone", "/<name>",
              "/<zoneid>", "/zones", "/zones/<zoneid>/start", "/objects", "/objects/<id>", "/activate/<id>",
              "/chat/global", "/internal/tell"})
            r.add({"GET", "POST", "HEAD"}, QString::fromLatin1(pattern));
        r.add({"DELETE"}, QStringLiteral("/zones/<zoneid>"));
        return r;
    }();
    return instance;
}

bool hasNul(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().contains(QChar(0));
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            if (hasNul(item))
                return true;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            if (it.key().contains(QChar(0)) || hasNul(it.value()))
                return true;
    }
    return false;
}

QList<QByteArray> takeLines(QByteArray &rest, int count)
{
    QList<QByteArray> lines;
    while (lines.size() < count) {
        const qsizetype end = rest.indexOf('\n');
        lines.append(end < 0 ? rest : rest.left(end));
        rest = end < 0 ? QByteArray() : rest.mid(end + 1);
    }
    return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray rest(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> head = takeLines(rest, 2);
    const QByteArray method = head.at(0).trimmed().toUpper();
    const QUrl url(QString::fromUtf8(head.at(1)));
    QList<QPair<QByteArray, QByteArray>> headers;
    while (!rest.isEmpty()) {
        const QByteArray line = takeLines(rest, 1).first();
        if (line.trimmed().isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        headers.append({line.left(colon < 0 ? line.size() : colon).trimmed(),
                        colon < 0 ? QByteArray() : line.mid(colon + 1).trimmed()});
    }
    const QByteArray body = rest;

    const Router::Match match = router().match(method, url.path(QUrl::FullyEncoded));
    FUZZ_CHECK(match.outcome != Router::Outcome::Found || match.routeId >= 0, "found without a route");

    try {
        HttpRequest request =
            HttpRequest::fromParts(method, url, headers, body, QHostAddress::LocalHost, maxBodyBytes);
        FUZZ_CHECK(body.size() <= maxBodyBytes, "a body of %lld bytes was accepted", qint64(body.size()));
        request.setParams(match.params);
        request.verifySession(secret);
        for (const char *name : {"username", "password", "character", "text", "x", "args", "since", ""}) {
            const QString field = QString::fromLatin1(name);
            (void)request.field(field);
            (void)request.hasField(field);
            (void)request.query(field);
            (void)request.param(field);
        }
        FUZZ_CHECK(!hasNul(request.fields()), "a NUL reached the fields");
        for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            FUZZ_CHECK(!item.second.contains(QChar(0)), "a NUL reached the query");
        for (const QString &param : match.params)
            FUZZ_CHECK(!param.contains(QChar(0)), "a NUL reached a path parameter");
        (void)request.cookie("user");
        (void)request.header("Content-Type");
        FUZZ_CHECK(!request.session().has_value(), "a fuzzed token verified");
        try {
            (void)request.requireField(QStringLiteral("username"),
                                       QStringLiteral("A user name is required."));
        } catch (const ApiError &error) {
            FUZZ_CHECK(error.status() == 400, "requireField answered %d", error.status());
        }
        try {
            (void)request.requireRole(QStringLiteral("admin"));
            FUZZ_CHECK(false, "a fuzzed request passed as an administrator");
        } catch (const ApiError &error) {
            FUZZ_CHECK(error.status() == 401 || error.status() == 403, "requireRole answered %d",
                       error.status());
        }
    } catch (const ApiError &error) {
        FUZZ_CHECK(error.status() == 400 || error.status() == 413, "fromParts answered %d", error.status());
        FUZZ_CHECK((error.status() == 413) == (body.size() > maxBodyBytes), "413 for %lld bytes",
                   qint64(body.size()));
    }
    return 0;
}
