"""Labels an editor sees in admin, marked for translation: no change to the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('routines', '0006_libraryversion'),
    ]

    operations = [
        migrations.AlterField(
            model_name='question',
            name='routine',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='routines.routine', verbose_name='routine'),
        ),
        migrations.AlterField(
            model_name='routine',
            name='body_areas',
            field=models.ManyToManyField(blank=True, related_name='routines', to='routines.bodyarea', verbose_name='body areas'),
        ),
        migrations.AlterField(
            model_name='step',
            name='routine',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='routines.routine', verbose_name='routine'),
        ),
    ]
