// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptsPanel.h"

#include "ClusterConnection.h"
#include "EmptyState.h"
#include "ScriptErrorsModel.h"
#include "ZoneMonitor.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace smmo::admin {

ScriptsPanel::ScriptsPanel(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_connection(connection), m_monitor(monitor), m_model(new ScriptErrorsModel(this)),
      m_table(new QTableView), m_empty(new EmptyState(m_table, this)), m_summary(new QLabel(this)),
      m_reload(new QPushButton(tr("&Reload scripts"), this))
{
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reload->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_reload->setToolTip(tr("Have the zone's ScriptServer read and load every script again, changed or "
                            "not: scripts disabled on objects start afresh (Ctrl+Shift+L)"));
    connect(m_reload, &QPushButton::clicked, this, &ScriptsPanel::reloadScripts);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_reload, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_empty, 1);

    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &ScriptsPanel::poll);
    connect(&m_connection, &ClusterConnection::loggedOut, this, [this] { setZone({}); });
    updateState();
}

void ScriptsPanel::setZone(const QString &zoneId)
{
    if (zoneId == m_zone)
        return;
    delete m_session; // answers about the previous zone are dropped
    m_session = nullptr;
    m_inFlight = false;
    m_again = false;
    m_answered = false;
    m_error.clear();
    m_report = {};
    m_model->clear();
    m_zone = zoneId;
    m_timer.stop();
    if (!zoneId.isEmpty()) {
        m_session = new QObject(this);
        m_timer.start();
        poll();
    }
    updateState();
}

void ScriptsPanel::refresh()
{
    if (m_inFlight)
        m_again = true;
    else
        poll();
}

void ScriptsPanel::poll()
{
    const QUrl url = m_monitor.urlOf(m_zone);
    if (m_inFlight || !m_session || url.isEmpty())
        return;
    m_inFlight = true;
    m_connection.zoneGet(
        url, QStringLiteral("/admin/scripts"), m_session, [this](const ServiceResult &result) {
            m_inFlight = false;
            if (result.ok && result.json.isObject()) {
                m_error.clear();
                show(result.object());
            } else {
                m_error = result.status == 404
                              ? tr("this zone does not report its scripts (an older version)")
                              : result.error;
            }
            m_answered = true;
            updateState();
            emit refreshed();
            if (std::exchange(m_again, false))
                poll();
        });
}

void ScriptsPanel::show(const QJsonObject &state)
{
    m_report = state.value(QStringLiteral("scriptserver")).toObject();
    m_model->setErrors(state.value(QStringLiteral("errors")).toArray());
}

QString ScriptsPanel::summary() const
{
    return m_summary->text();
}

void ScriptsPanel::updateState()
{
    m_reload->setEnabled(m_connection.isLoggedIn() && !m_zone.isEmpty());
    if (m_zone.isEmpty()) {
        m_summary->setText(tr("Select a zone above to see its scripts and their errors."));
        m_empty->showMessage(tr("No zone selected."));
        return;
    }
    if (m_report.isEmpty()) {
        m_summary->setText(m_answered ? tr("No ScriptServer has reported to %1 yet.").arg(m_zone)
                                      : tr("Asking %1 about its scripts…").arg(m_zone));
    } else {
        QStringList scripts;
        for (const QJsonValue &name : m_report.value(QStringLiteral("scripts")).toArray())
            scripts.append(name.toString());
        const QJsonObject failing = m_report.value(QStringLiteral("errors")).toObject();
        const QDateTime received =
            QDateTime::fromString(m_report.value(QStringLiteral("received")).toString(), Qt::ISODateWithMs);
        const QString when =
            received.isValid() ? QLocale().toString(received.toLocalTime().time(), QStringLiteral("HH:mm:ss"))
                               : QString();
        QString text = tr("Scripts of %1: %2 loaded (%3).")
                           .arg(m_zone)
                           .arg(scripts.size())
                           .arg(scripts.join(QStringLiteral(", ")));
        if (!failing.isEmpty())
            text += QLatin1Char(' ') + tr("Not loading: %1.").arg(failing.keys().join(QStringLiteral(", ")));
        const QString reason = m_report.value(QStringLiteral("reason")).toString();
        if (reason == QLatin1String("reload"))
            text += QLatin1Char(' ') + tr("Reloaded at %1 (%2 times so far).")
                                           .arg(when)
                                           .arg(m_report.value(QStringLiteral("reloads")).toInt());
        else
            text += QLatin1Char(' ') + tr("Reported at %1.").arg(when);
        m_summary->setText(text);
    }
    if (!m_error.isEmpty() && m_model->rowCount() == 0)
        m_empty->showMessage(tr("Cannot read the scripts of %1: %2").arg(m_zone, m_error));
    else if (m_model->rowCount() == 0)
        m_empty->showMessage(m_answered ? tr("No script errors in %1.").arg(m_zone) : tr("Asking…"));
    else
        m_empty->showContent();
}

void ScriptsPanel::reloadScripts()
{
    const QUrl url = m_monitor.urlOf(m_zone);
    if (m_zone.isEmpty() || url.isEmpty()) {
        emit reloadFinished(false, tr("Pick a running zone first."));
        return;
    }
    const QString zoneId = m_zone;
    const QJsonObject command{{QStringLiteral("command"), QStringLiteral("reload_scripts")},
                              {QStringLiteral("args"), QJsonArray()}};
    m_connection.zonePost(
        url, QStringLiteral("/admin"), command, m_session, [this, zoneId](const ServiceResult &result) {
            QString message;
            if (!result.ok)
                message = tr("Could not reload the scripts of %1: %2").arg(zoneId, result.error);
            else if (result.object().value(QStringLiteral("bus_connections")).toInt() == 0)
                message = tr("%1 has no ScriptServer connected: nothing to reload.").arg(zoneId);
            else
                message = tr("The scripts of %1 are being reloaded.").arg(zoneId);
            const bool ok = result.ok && result.object().value(QStringLiteral("bus_connections")).toInt() > 0;
            emit notify(message, !ok);
            emit reloadFinished(ok, message);
            // The ScriptServer reports once it has reloaded; the next reads show it.
            refresh();
        });
}

} // namespace smmo::admin
