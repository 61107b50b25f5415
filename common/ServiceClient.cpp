// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ServiceClient.h"

#include "Logging.h"

#include <QNetworkReply>
#include <QNetworkRequest>

namespace smmo {

ServiceClient::ServiceClient(QString peerName, QUrl baseUrl, QObject *parent)
    : QObject(parent), m_peerName(std::move(peerName)), m_baseUrl(std::move(baseUrl)), m_network(this)
{
}

void ServiceClient::get(const QString &path, QObject *context, Callback callback)
{
    request("GET", path, {}, context, std::move(callback));
}

void ServiceClient::post(const QString &path, const QJsonObject &body, QObject *context, Callback callback)
{
    request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), context, std::move(callback));
}

void ServiceClient::request(const QByteArray &verb, const QString &path, const QByteArray &body, QObject *context,
                            Callback callback)
{
    requestAs(m_token, verb, path, body, context, std::move(callback));
}

void ServiceClient::requestAs(const QByteArray &token, const QByteArray &verb, const QString &path,
                              const QByteArray &body, QObject *context, Callback callback)
{
    QUrl url = m_baseUrl;
    const QUrl relative = QUrl(path.startsWith(QLatin1Char('/')) ? path.mid(1) : path);
    if (!url.path().endsWith(QLatin1Char('/')))
        url.setPath(url.path() + QLatin1Char('/'));
    url = url.resolved(relative);

    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);

    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    const QString where = QStringLiteral("%1 at %2").arg(m_peerName, m_baseUrl.toString());
    const int timeoutMs = m_timeoutMs;
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, callback, where, timeoutMs, verb, path] {
        reply->deleteLater();
        if (!guard)
            return;
        ServiceResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen()) // a reply that failed before answering is closed: nothing to read
            result.body = reply->readAll();
        if (reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(QLatin1String("application/json")))
            result.json = QJsonDocument::fromJson(result.body);

        if (result.status == 0) {
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
                                  || reply->error() == QNetworkReply::TimeoutError;
            result.errorCode = timedOut ? QStringLiteral("timeout") : QStringLiteral("unreachable");
            result.error = timedOut ? QStringLiteral("%1 did not answer within %2 ms").arg(where).arg(timeoutMs)
                                    : QStringLiteral("%1 is unreachable: %2").arg(where, reply->errorString());
            qCWarning(lcService, "%s %s: %s", verb.constData(), qPrintable(path), qPrintable(result.error));
        } else if (result.status < 200 || result.status >= 300) {
            const QJsonObject envelope = result.json.object().value(QStringLiteral("error")).toObject();
            result.errorCode = envelope.value(QStringLiteral("code")).toString();
            const QString message = envelope.value(QStringLiteral("message")).toString();
            result.error = message.isEmpty()
                               ? QStringLiteral("%1 answered %2").arg(where).arg(result.status)
                               : message;
        } else {
            result.ok = true;
        }
        callback(result);
    });
}

} // namespace smmo
