// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <stdexcept>

namespace smmo {

/// An error a request handler throws to answer with the JSON error envelope
/// `{"error": {"code": "...", "message": "..."}}` and the given HTTP status.
class ApiError : public std::runtime_error
{
public:
    ApiError(int status, QString message, QString code = {});

    int status() const { return m_status; }
    QString code() const { return m_code; }
    QString message() const { return m_message; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    ApiError &withHeader(QByteArray name, QByteArray value);

    /// The envelope's default code for a status: 400 bad_request, 401 unauthorized, ...
    static QString defaultCode(int status);

    static ApiError badRequest(const QString &message) { return {400, message}; }
    static ApiError unauthorized(const QString &message) { return {401, message}; }
    static ApiError forbidden(const QString &message) { return {403, message}; }
    static ApiError notFound(const QString &message) { return {404, message}; }
    static ApiError conflict(const QString &message) { return {409, message}; }

private:
    int m_status;
    QString m_message;
    QString m_code;
    QList<QPair<QByteArray, QByteArray>> m_headers;
};

} // namespace smmo
