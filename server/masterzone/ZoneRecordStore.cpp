// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneRecordStore.h"

#include "Database.h"

namespace smmo {

namespace {
// A zone recorded at launch has no URL yet: stored as '' (a null QString would bind as NULL).
QString urlText(const QUrl &url)
{
    return url.isEmpty() ? QStringLiteral("") : url.toString();
}
} // namespace

void ZoneRecordStore::record(const ZoneRecord &zone)
{
    // Replace in one transaction: portable where UPSERT syntax differs between backends.
    Transaction transaction(m_db);
    m_db.exec(QStringLiteral("DELETE FROM master_zones WHERE zone_id = ?"), {zone.zoneId});
    m_db.exec(QStringLiteral("INSERT INTO master_zones (zone_id, url, pid, started_at) VALUES (?, ?, ?, ?)"),
              {zone.zoneId, urlText(zone.url), zone.pid, dbTimestamp(zone.startedAt)});
    transaction.commit();
}

void ZoneRecordStore::forget(const QString &zoneId)
{
    m_db.exec(QStringLiteral("DELETE FROM master_zones WHERE zone_id = ?"), {zoneId});
}

QList<ZoneRecord> ZoneRecordStore::all()
{
    QList<ZoneRecord> list;
    for (const auto &row : m_db.all(
             QStringLiteral("SELECT zone_id, url, pid, started_at FROM master_zones ORDER BY zone_id"))) {
        list.append({row.value(QStringLiteral("zone_id")).toString(),
                     QUrl(row.value(QStringLiteral("url")).toString()),
                     row.value(QStringLiteral("pid")).toLongLong(),
                     fromDbTimestamp(row.value(QStringLiteral("started_at")))});
    }
    return list;
}

} // namespace smmo
