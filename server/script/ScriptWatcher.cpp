// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptWatcher.h"

#include "Logging.h"
#include "ScriptEngine.h"

#include <QDir>
#include <QFileInfo>

namespace smmo {

ScriptWatcher::ScriptWatcher(ScriptEngine &engine, const QString &directory, int quietMs, QObject *parent)
    : QObject(parent), m_engine(engine), m_directory(directory)
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(quietMs);
    connect(&m_quiet, &QTimer::timeout, this, &ScriptWatcher::reloadPending);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ScriptWatcher::directoryChanged);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ScriptWatcher::fileChanged);
    if (!m_watcher.addPath(m_directory))
        qCWarning(lcScript, "cannot watch %s: scripts will not reload when edited", qPrintable(m_directory));
    const QStringList files =
        QDir(m_directory).entryList({QStringLiteral("*.js")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &file : files)
        m_watcher.addPath(QDir(m_directory).filePath(file));
}

void ScriptWatcher::directoryChanged()
{
    // A file appeared, or was replaced by a rename (the watch on the old one is then gone).
    const QStringList watched = m_watcher.files();
    const QStringList files =
        QDir(m_directory).entryList({QStringLiteral("*.js")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &file : files) {
        const QString path = QDir(m_directory).filePath(file);
        if (!watched.contains(path)) {
            m_watcher.addPath(path);
            fileChanged(path);
        }
    }
    // A rename over a watched file may keep its path in the list with a new inode behind it.
    for (const QString &path : watched)
        fileChanged(path);
}

void ScriptWatcher::fileChanged(const QString &path)
{
    const QFileInfo info(path);
    if (info.suffix() != QLatin1String("js"))
        return;
    const QString name = info.completeBaseName();
    if (!ScriptEngine::isValidScriptName(name))
        return;
    if (info.exists() && !m_watcher.files().contains(path))
        m_watcher.addPath(path);
    m_pending.insert(name);
    m_quiet.start();
}

void ScriptWatcher::reloadPending()
{
    const QSet<QString> names = std::exchange(m_pending, {});
    for (const QString &name : names) {
        const QString path = QDir(m_directory).filePath(name + QStringLiteral(".js"));
        if (!QFileInfo::exists(path))
            continue; // deleted: objects keep running the version they have
        // Content that did not change is skipped by the engine (it compares a hash).
        m_engine.reloadFile(name);
    }
}

} // namespace smmo
