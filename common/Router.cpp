// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Router.h"

#include <QUrl>

namespace smmo {

namespace {

QStringList splitPath(const QString &path)
{
    QStringList segments = path.split(QLatin1Char('/'));
    // "/a/b" gives "", "a", "b"; "/" gives "", "". Drop the leading empty one, keep a trailing one
    // only for "/" itself, so "/" and "" both mean the root.
    if (!segments.isEmpty() && segments.first().isEmpty())
        segments.removeFirst();
    if (segments.size() == 1 && segments.first().isEmpty())
        segments.clear();
    return segments;
}

bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(QLatin1Char('<')) && segment.endsWith(QLatin1Char('>'));
}

} // namespace

int Router::add(const QByteArrayList &methods, const QString &pattern)
{
    Route route;
    route.methods = methods;
    route.pattern = pattern;
    route.segments = splitPath(pattern);
    for (const auto &segment : std::as_const(route.segments))
        if (!isPlaceholder(segment))
            ++route.literalCount;
    m_routes.append(route);
    return int(m_routes.size()) - 1;
}

Router::Match Router::match(const QByteArray &method, const QString &encodedPath) const
{
    const QStringList raw = splitPath(encodedPath);
    Match best;
    int bestLiterals = -1;
    int bestMethodScore = 0;
    QByteArrayList allowed;
    bool pathMatched = false;

    for (int id = 0; id < m_routes.size(); ++id) {
        const Route &route = m_routes[id];
        if (route.segments.size() != raw.size() || route.literalCount < bestLiterals)
            continue;
        QHash<QString, QString> params;
        bool ok = true;
        for (int i = 0; i < raw.size() && ok; ++i) {
            const QString &want = route.segments[i];
            const QString value = QUrl::fromPercentEncoding(raw[i].toUtf8());
            if (isPlaceholder(want)) {
                if (value.isEmpty())
                    ok = false;
                else
                    params.insert(want.mid(1, want.size() - 2), value);
            } else {
                ok = (want == value);
            }
        }
        if (!ok)
            continue;
        // An explicit HEAD route beats answering HEAD with the GET route.
        const int methodScore = route.methods.contains(method) ? 2 : (method == "HEAD" && route.methods.contains("GET"));
        if (methodScore == 0) {
            pathMatched = true;
            for (const auto &m : route.methods)
                if (!allowed.contains(m))
                    allowed.append(m);
            continue;
        }
        if (route.literalCount > bestLiterals || (route.literalCount == bestLiterals && methodScore > bestMethodScore)) {
            bestLiterals = route.literalCount;
            bestMethodScore = methodScore;
            best.outcome = Outcome::Found;
            best.routeId = id;
            best.pattern = route.pattern;
            best.params = params;
        }
    }
    if (best.outcome == Outcome::Found)
        return best;
    if (pathMatched) {
        best.outcome = Outcome::MethodNotAllowed;
        best.allowedMethods = allowed;
    }
    return best;
}

QStringList Router::patterns() const
{
    QStringList list;
    for (const auto &route : m_routes)
        list.append(route.methods.join('|') + ' ' + route.pattern);
    return list;
}

} // namespace smmo
