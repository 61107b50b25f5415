// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace smmo {

/// Matches a method and path against route patterns such as `/<name>/zone`: literal segments and
/// `<placeholder>` segments that capture one percent-decoded path segment. When several patterns
/// match, the one with more literal segments wins, so `/health` beats `/<zoneid>`.
class Router
{
public:
    enum class Outcome { Found, NotFound, MethodNotAllowed };

    struct Match
    {
        Outcome outcome = Outcome::NotFound;
        int routeId = -1;
        QString pattern;
        QHash<QString, QString> params;
        QByteArrayList allowedMethods; ///< filled for MethodNotAllowed
    };

    /// Adds a route; returns its id. Methods are upper-case ("GET", "POST", ...).
    int add(const QByteArrayList &methods, const QString &pattern);
    Match match(const QByteArray &method, const QString &encodedPath) const;
    QStringList patterns() const;

private:
    struct Route
    {
        QByteArrayList methods;
        QString pattern;
        QStringList segments;
        int literalCount = 0;
    };
    QList<Route> m_routes;
};

} // namespace smmo
