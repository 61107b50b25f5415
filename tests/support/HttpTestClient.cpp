// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HttpTestClient.h"

#include <QNetworkCookieJar>
#include <QNetworkRequest>
#include <QSignalSpy>

namespace smmo::test {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QString HttpResult::errorCode() const
{
    return json().object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

QString HttpResult::errorMessage() const
{
    return json().object().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

QString HttpResult::summary() const
{
    return QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(body));
}

QUrlQuery HttpTestClient::form(std::initializer_list<std::pair<QString, QString>> fields)
{
    QUrlQuery query;
    for (const auto &[name, value] : fields)
        query.addQueryItem(name, value);
    return query;
}

double HttpTestClient::metric(const QByteArray &text, const QByteArray &name)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(name + '{') || line.startsWith(name + ' '))
            return line.mid(line.lastIndexOf(' ') + 1).toDouble();
    return -1;
}

void HttpTestClient::clearCookies()
{
    m_network.setCookieJar(new QNetworkCookieJar(&m_network));
}

HttpResult HttpTestClient::get(const QString &path)
{
    return request("GET", path);
}

HttpResult HttpTestClient::head(const QString &path)
{
    return request("HEAD", path);
}

HttpResult HttpTestClient::postForm(const QString &path, const QUrlQuery &form)
{
    return request("POST", path, form.toString(QUrl::FullyEncoded).toUtf8(), "application/x-www-form-urlencoded");
}

HttpResult HttpTestClient::postJson(const QString &path, const QJsonObject &json)
{
    return request("POST", path, QJsonDocument(json).toJson(QJsonDocument::Compact), "application/json");
}

HttpResult HttpTestClient::request(const QByteArray &verb, const QString &path, const QByteArray &body,
                                   const QByteArray &contentType, int timeoutMs)
{
    QNetworkRequest request(m_base.resolved(QUrl(path)));
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer);
    for (const auto &[name, value] : m_extra)
        request.setRawHeader(name, value);
    request.setTransferTimeout(timeoutMs);

    // QNAM only knows a HEAD answer has no body when asked through head().
    QNetworkReply *reply = verb == "HEAD" ? m_network.head(request) : m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs + 1000);

    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError && result.status == 0)
        result.networkError = reply->errorString();
    reply->deleteLater();
    return result;
}

} // namespace smmo::test
