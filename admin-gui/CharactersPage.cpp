// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CharactersPage.h"

#include "CharacterInspector.h"
#include "ClusterConnection.h"
#include "Confirm.h"
#include "EmptyState.h"
#include "MoveDialog.h"
#include "StatsDialog.h"
#include "ZoneMonitor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace smmo::admin {

namespace {
const char *const recentKey = "characters/recent";
}

CharactersPage::CharactersPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_connection(connection), m_monitor(monitor), m_mode(new QComboBox(this)),
      m_search(new QLineEdit(this)), m_results(new QTreeWidget(this)), m_recent(new QListWidget(this)),
      m_inspector(new CharacterInspector), m_empty(new EmptyState(m_inspector, this)),
      m_refresh(new QPushButton(tr("&Refresh"), this)), m_move(new QPushButton(tr("&Move to zone…"), this)),
      m_stats(new QPushButton(tr("&Edit stats…"), this))
{
    m_mode->addItem(tr("Name"));
    m_mode->addItem(tr("Account"));
    m_mode->setToolTip(tr("Search characters whose name starts with the text, or the characters of an "
                          "account"));
    m_search->setPlaceholderText(tr("Name or its start (Ctrl+F)"));
    m_search->setToolTip(tr("Press Enter to search. A character whose whole name matches, or the only "
                            "one found, is shown at once."));
    m_search->setClearButtonEnabled(true);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_search->setPlaceholderText(index == 1 ? tr("Account name (Ctrl+F)")
                                                : tr("Name or its start (Ctrl+F)"));
    });
    auto *searchButton = new QPushButton(tr("&Search"), this);
    searchButton->setDefault(true);
    const auto searchNow = [this] {
        search(m_search->text(), m_mode->currentIndex() == 1 ? SearchBy::Account : SearchBy::Name);
    };
    connect(searchButton, &QPushButton::clicked, this, searchNow);
    connect(m_search, &QLineEdit::returnPressed, this, searchNow);

    m_results->setHeaderLabels({tr("Name"), tr("Account"), tr("Zone"), tr("Online")});
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_results->setToolTip(tr("Characters found; choose one to inspect it"));
    connect(m_results, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { lookUp(item->text(0)); });
    connect(m_results, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem *item) { lookUp(item->text(0)); });
    auto *find = new QShortcut(QKeySequence::Find, this, nullptr, nullptr, Qt::WindowShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    m_recent->addItems(QSettings().value(QLatin1String(recentKey)).toStringList());
    m_recent->setToolTip(tr("Characters looked up before"));
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { lookUp(item->text()); });
    connect(m_recent, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { lookUp(item->text()); });

    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Read the character again (F5)"));
    connect(m_refresh, &QPushButton::clicked, this, [this] { lookUp(m_inspector->name()); });
    m_move->setToolTip(tr("Change the zone and position in the character's record (administrators)"));
    connect(m_move, &QPushButton::clicked, this, &CharactersPage::openMoveDialog);
    m_stats->setToolTip(tr("Change the character's stats (administrators)"));
    connect(m_stats, &QPushButton::clicked, this, &CharactersPage::openStatsDialog);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_mode);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(searchButton);
    leftLayout->addLayout(searchRow);
    leftLayout->addWidget(new QLabel(tr("Found:"), left));
    leftLayout->addWidget(m_results, 2);
    leftLayout->addWidget(new QLabel(tr("Recent:"), left));
    leftLayout->addWidget(m_recent, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_empty, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_move);
    buttons->addWidget(m_stats);
    rightLayout->addLayout(buttons);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("charactersSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_empty->showMessage(tr("Search a character by its name, or all characters of an account, to see its "
                            "owner, zone, position, stats and inventory."));
    connect(&m_connection, &ClusterConnection::loggedIn, this, &CharactersPage::updateButtons);
    connect(&m_connection, &ClusterConnection::loggedOut, this, &CharactersPage::updateButtons);
    updateButtons();
}

void CharactersPage::updateButtons()
{
    const bool shown = m_empty->isShowingContent() && !m_inspector->name().isEmpty();
    m_refresh->setEnabled(shown);
    m_move->setEnabled(shown && m_connection.isAdmin());
    m_stats->setEnabled(shown && m_connection.isAdmin());
}

void CharactersPage::remember(const QString &name)
{
    QStringList names = QSettings().value(QLatin1String(recentKey)).toStringList();
    names.removeAll(name);
    names.prepend(name);
    names = names.mid(0, 30);
    QSettings().setValue(QLatin1String(recentKey), names);
    m_recent->clear();
    m_recent->addItems(names);
}

QStringList CharactersPage::resultNames() const
{
    QStringList names;
    for (int i = 0; i < m_results->topLevelItemCount(); ++i)
        names.append(m_results->topLevelItem(i)->text(0));
    return names;
}

void CharactersPage::search(const QString &rawText, SearchBy by)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return;
    const QString path = QStringLiteral("/admin/characters?%1=%2&limit=200")
                             .arg(by == SearchBy::Account ? QStringLiteral("owner") : QStringLiteral("name"),
                                  QString::fromLatin1(QUrl::toPercentEncoding(text)));
    m_connection.get(Server::Char, path, this, [this, text, by](const ServiceResult &result) {
        if (!result.ok || !result.json.isArray()) {
            if (result.status == 404 && by == SearchBy::Name) {
                // A CharServer without the search: the exact name still works.
                m_results->clear();
                lookUp(text);
                return;
            }
            searchFailed(result.status == 404 ? tr("There is no account called %1.").arg(text)
                                              : tr("Could not search for %1: %2").arg(text, result.error));
            return;
        }
        const QJsonArray found = result.json.array();
        showResults(found);
        QString exact;
        for (const QJsonValue &character : found) {
            const QString name = character.toObject().value(QStringLiteral("name")).toString();
            if (name.compare(text, Qt::CaseInsensitive) == 0)
                exact = name;
        }
        if (exact.isEmpty() && found.size() == 1)
            exact = found.first().toObject().value(QStringLiteral("name")).toString();
        QString message;
        if (found.isEmpty())
            message = by == SearchBy::Account ? tr("%1 has no characters.").arg(text)
                                              : tr("No character's name starts with %1.").arg(text);
        else
            message = tr("Characters found: %1.").arg(found.size());
        if (found.isEmpty()) {
            m_inspector->clear();
            m_empty->showMessage(message);
            updateButtons();
        }
        emit notify(message, false);
        emit searchFinished(int(found.size()), message);
        if (!exact.isEmpty())
            lookUp(exact);
    });
}

void CharactersPage::showResults(const QJsonArray &characters)
{
    m_results->clear();
    for (const QJsonValue &value : characters) {
        const QJsonObject character = value.toObject();
        const bool online = character.value(QStringLiteral("online")).toBool();
        auto *item = new QTreeWidgetItem(m_results, {character.value(QStringLiteral("name")).toString(),
                                                     character.value(QStringLiteral("owner")).toString(),
                                                     character.value(QStringLiteral("zone")).toString(),
                                                     online ? tr("online") : tr("offline")});
        item->setToolTip(2, item->text(2));
    }
}

void CharactersPage::searchFailed(const QString &message)
{
    m_results->clear();
    m_inspector->clear();
    m_empty->showMessage(message);
    updateButtons();
    emit notify(message, true);
    emit searchFinished(-1, message);
}

void CharactersPage::lookUp(const QString &rawName)
{
    const QString name = rawName.trimmed();
    if (name.isEmpty())
        return;
    m_connection.get(Server::Char, QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name)),
                     this, [this, name](const ServiceResult &result) {
                         if (!result.ok || !result.json.isObject()) {
                             const QString message =
                                 result.status == 404
                                     ? tr("There is no character called %1.").arg(name)
                                     : tr("Could not look up %1: %2").arg(name, result.error);
                             m_inspector->clear();
                             m_empty->showMessage(message);
                             updateButtons();
                             emit notify(message, true);
                             emit lookUpFailed(message);
                             return;
                         }
                         m_inspector->setCharacter(result.object());
                         m_empty->showContent();
                         remember(m_inspector->name());
                         updateButtons();
                         emit characterShown(result.object());
                     });
}

void CharactersPage::openMoveDialog()
{
    const QJsonObject character = m_inspector->character();
    const QString name = m_inspector->name();
    MoveDialog dialog(name, character.value(QStringLiteral("zone")).toString(),
                      character.value(QStringLiteral("online")).toBool(), m_monitor.runningZoneIds(), this);
    if (dialog.exec() == QDialog::Accepted)
        moveCharacter(name, dialog.zone(), dialog.x(), dialog.y(), dialog.z(), dialog.kickFirst());
}

void CharactersPage::openStatsDialog()
{
    const QString name = m_inspector->name();
    StatsDialog dialog(name, m_inspector->character().value(QStringLiteral("stats")).toObject(), this);
    if (dialog.exec() == QDialog::Accepted && !dialog.changes().isEmpty())
        changeStats(name, dialog.changes());
}

void CharactersPage::changeStats(const QString &name, const QJsonObject &changes)
{
    const QJsonObject before = m_inspector->name() == name
                                   ? m_inspector->character().value(QStringLiteral("stats")).toObject()
                                   : QJsonObject();
    applyUpdate(name, QJsonObject{{QStringLiteral("stats"), changes}},
                tr("Change the stats of %1?\n\n%2").arg(name, StatsDialog::describe(before, changes)));
}

void CharactersPage::moveCharacter(const QString &name, const QString &zone, double x, double y, double z,
                                   bool kickFirst)
{
    const QJsonObject update{{QStringLiteral("zone"), zone},
                             {QStringLiteral("loc_x"), x},
                             {QStringLiteral("loc_y"), y},
                             {QStringLiteral("loc_z"), z}};
    const QString from = m_inspector->name() == name
                             ? m_inspector->character().value(QStringLiteral("zone")).toString()
                             : QString();
    const QString question =
        tr("Move %1 to %2 at (%3, %4, %5)?")
            .arg(name, zone, QLocale().toString(x), QLocale().toString(y), QLocale().toString(z));
    const QUrl fromUrl = m_monitor.urlOf(from);
    if (!kickFirst || from.isEmpty() || fromUrl.isEmpty()) {
        applyUpdate(name, update, question);
        return;
    }
    if (!confirm(this, tr("Move character"),
                 question + QLatin1Char('\n') + tr("%1 is kicked from %2 first.").arg(name, from)))
        return;
    const QJsonObject kick{{QStringLiteral("command"), QStringLiteral("kick")},
                           {QStringLiteral("args"), QJsonArray{name}}};
    m_connection.zonePost(fromUrl, QStringLiteral("/admin"), kick, this,
                          [this, name, update, from](const ServiceResult &result) {
                              // 404: it was not online there after all, which is as good.
                              if (!result.ok && result.status != 404) {
                                  const QString message =
                                      tr("Could not kick %1 from %2: %3").arg(name, from, result.error);
                                  emit notify(message, true);
                                  return;
                              }
                              writeWhenOffline(name, update, 25);
                          });
}

void CharactersPage::writeWhenOffline(const QString &name, const QJsonObject &update, int attemptsLeft)
{
    // The zone writes the record of a character that leaves (online false, its last place) on its
    // writer thread, after answering the kick: the move is written once that has happened.
    m_connection.get(Server::Char, QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name)),
                     this, [this, name, update, attemptsLeft](const ServiceResult &result) {
                         const bool offline =
                             result.ok && !result.object().value(QStringLiteral("online")).toBool();
                         if (offline || attemptsLeft <= 0) {
                             writeUpdate(name, update);
                             return;
                         }
                         QTimer::singleShot(200, this, [this, name, update, attemptsLeft] {
                             writeWhenOffline(name, update, attemptsLeft - 1);
                         });
                     });
}

void CharactersPage::applyUpdate(const QString &name, const QJsonObject &update, const QString &question)
{
    if (!confirm(this, tr("Change character"), question))
        return;
    writeUpdate(name, update);
}

void CharactersPage::writeUpdate(const QString &name, const QJsonObject &update)
{
    m_connection.post(Server::Char, QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name)),
                      update, this, [this, name](const ServiceResult &result) {
                          if (!result.ok) {
                              emit notify(tr("Could not change %1: %2").arg(name, result.error), true);
                              return;
                          }
                          if (m_inspector->name() == name || m_inspector->name().isEmpty())
                              m_inspector->setCharacter(result.object());
                          emit notify(tr("%1 changed.").arg(name), false);
                          emit characterUpdated(result.object());
                      });
}

} // namespace smmo::admin
