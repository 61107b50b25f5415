// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace smmo {

namespace {
// The translator lives as long as the application (its parent); one that finds no file for the
// locale is dropped, which leaves the English source texts.
void install(const QString &name, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    // load(QLocale, ...) tries every UI language of the locale in order (de_DE, then de, ...).
    if (translator->load(QLocale::system(), name, QStringLiteral("_"), directory))
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
}
} // namespace

void installTranslations(const QString &catalog)
{
    // Qt's own texts (standard buttons, QCommandLineParser) from the system's qt6-translations-l10n.
    install(QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    install(catalog, QStringLiteral(":/i18n"));
}

} // namespace smmo
