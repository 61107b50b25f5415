// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

#include <initializer_list>
#include <utility>

namespace smmo::test {

/// One answer as a test looks at it.
struct HttpResult
{
    int status = 0; ///< 0: no answer (connection refused, timeout)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString networkError;

    QByteArray header(const QByteArray &name) const;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    /// The error envelope's code and message (empty when the body is not an envelope).
    QString errorCode() const;
    QString errorMessage() const;
    /// "<status> <body>", for failure messages.
    QString summary() const;
};

/// A synchronous HTTP client for tests: each call waits for its reply (signal with timeout).
/// It keeps cookies between calls like a browser or the classic clients do.
class HttpTestClient
{
public:
    explicit HttpTestClient(QUrl base = {}) : m_base(std::move(base)) {}
    void setBase(const QUrl &base) { m_base = base; }
    void setBearer(const QByteArray &token) { m_bearer = token; }
    void clearCookies();
    /// Adds a raw header to every following request (e.g. a forged Cookie).
    void setExtraHeader(const QByteArray &name, const QByteArray &value) { m_extra.append({name, value}); }

    /// A form body from name/value pairs.
    static QUrlQuery form(std::initializer_list<std::pair<QString, QString>> fields);
    /// A value from Prometheus text (GET /metrics), -1 when the metric is absent.
    static double metric(const QByteArray &text, const QByteArray &name);

    HttpResult get(const QString &path);
    HttpResult head(const QString &path);
    HttpResult postForm(const QString &path, const QUrlQuery &form);
    HttpResult postJson(const QString &path, const QJsonObject &json);
    HttpResult request(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                       const QByteArray &contentType = {}, int timeoutMs = 30000);

private:
    QUrl m_base;
    QByteArray m_bearer;
    QList<QPair<QByteArray, QByteArray>> m_extra;
    QNetworkAccessManager m_network;
};

} // namespace smmo::test
