// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HealthPage.h"

#include "ClusterConnection.h"
#include "EmptyState.h"
#include "HealthModel.h"
#include "ScriptsPanel.h"
#include "TrendChart.h"
#include "ZoneMonitor.h"

#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace smmo::admin {

HealthPage::HealthPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_connection(connection), m_monitor(monitor), m_model(new HealthModel(this)),
      m_table(new QTableView), m_empty(new EmptyState(m_table, this)), m_details(new QPlainTextEdit(this)),
      m_scripts(new ScriptsPanel(connection, monitor, this)),
      m_tickChart(new TrendChart(tr("Tick time p99 per zone"), tr("ms"), this)),
      m_playersChart(new TrendChart(tr("Players per zone"), QString(), this))
{
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(ZonesModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HealthModel::Id, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(HealthModel::Id, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a zone to see its whole /health answer."));

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->setObjectName(QStringLiteral("healthTopSplitter"));
    top->addWidget(m_empty);
    top->addWidget(m_details);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);

    auto *charts = new QWidget(this);
    auto *chartsLayout = new QHBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->addWidget(m_tickChart);
    chartsLayout->addWidget(m_playersChart);

    auto *scriptsBox = new QGroupBox(tr("Scripts of the selected zone"), this);
    (new QVBoxLayout(scriptsBox))->addWidget(m_scripts);
    connect(m_scripts, &ScriptsPanel::notify, this, &HealthPage::notify);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("healthSplitter"));
    split->addWidget(top);
    split->addWidget(scriptsBox);
    split->addWidget(charts);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);

    connect(&m_monitor, &ZoneMonitor::zonesUpdated, this, &HealthPage::zonesUpdated);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HealthPage::showDetails);
    zonesUpdated();
}

void HealthPage::zonesUpdated()
{
    m_model->setZones(m_monitor.zones());
    if (!m_connection.isLoggedIn())
        m_empty->showMessage(tr("Not connected."));
    else if (m_model->rowCount() == 0)
        m_empty->showMessage(tr("No zones are running, so there is nothing to measure."));
    else
        m_empty->showContent();
    showDetails();

    QList<TrendChart::Series> ticks;
    QList<TrendChart::Series> players;
    for (const QString &zone : m_monitor.historyZoneIds()) {
        TrendChart::Series tick{zone, {}};
        TrendChart::Series count{zone, {}};
        for (const ZoneMonitor::Sample &sample : m_monitor.history(zone)) {
            tick.points.append({sample.atMs / 1000.0, sample.tickMs});
            count.points.append({sample.atMs / 1000.0, double(sample.players)});
        }
        ticks.append(tick);
        players.append(count);
    }
    const double window = m_monitor.interval() * 240 / 1000.0;
    m_tickChart->setWindowSeconds(qMin(window, 240.0));
    m_playersChart->setWindowSeconds(qMin(window, 240.0));
    m_tickChart->setSeries(ticks);
    m_playersChart->setSeries(players);
}

void HealthPage::showDetails()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_details->clear();
        m_scripts->setZone({});
        return;
    }
    const QString zoneId = rows.first().data(ZonesModel::ZoneIdRole).toString();
    m_scripts->setZone(m_monitor.urlOf(zoneId).isEmpty() ? QString() : zoneId);
    const auto zone = m_monitor.zone(zoneId);
    const QString text =
        zone ? QString::fromUtf8(QJsonDocument(zone->raw).toJson(QJsonDocument::Indented)) : QString();
    if (m_details->toPlainText() != text)
        m_details->setPlainText(text);
}

bool HealthPage::selectZone(const QString &zoneId)
{
    const QAbstractItemModel *model = m_table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ZonesModel::ZoneIdRole).toString() == zoneId) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

} // namespace smmo::admin
