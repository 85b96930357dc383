"""Labels an editor sees in admin, marked for translation: no change to the database."""

import django.db.models.deletion
import submissions.models
import submissions.storage
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0007_video_error_code'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='moderatordigest',
            options={'verbose_name': 'moderator digest', 'verbose_name_plural': 'moderator digests'},
        ),
        migrations.AlterModelOptions(
            name='submissionevent',
            options={'ordering': ['created_at', 'pk'], 'verbose_name': 'history entry', 'verbose_name_plural': 'history entries'},
        ),
        migrations.AlterField(
            model_name='moderatordigest',
            name='is_open',
            field=models.BooleanField(default=True, help_text='Still collecting submissions.', verbose_name='open'),
        ),
        migrations.AlterField(
            model_name='moderatordigest',
            name='send_after',
            field=models.DateTimeField(help_text='The earliest it may go: an hour after the last.', verbose_name='send after'),
        ),
        migrations.AlterField(
            model_name='moderatordigest',
            name='sent_at',
            field=models.DateTimeField(blank=True, help_text='When a worker took it to send (retried if that failed).', null=True, verbose_name='sent at'),
        ),
        migrations.AlterField(
            model_name='moderatordigest',
            name='submissions',
            field=models.ManyToManyField(related_name='+', to='submissions.submission', verbose_name='submissions'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='accepted_editing',
            field=models.BooleanField(default=False, verbose_name='accepted editing for clarity'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='confirmed_consent',
            field=models.BooleanField(default=False, verbose_name='confirmed everyone shown or named agreed'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='confirmed_own_work',
            field=models.BooleanField(default=False, verbose_name='confirmed it is their own work'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='submitter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to=settings.AUTH_USER_MODEL, verbose_name='reader'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='when'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='from_status',
            field=models.CharField(blank=True, choices=[('waiting', 'Waiting for review'), ('changes_requested', 'Changes requested'), ('published', 'Published'), ('not_accepted', 'Not accepted'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='status before'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='message',
            field=models.TextField(blank=True, verbose_name='message'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='submission',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='submissions.submission', verbose_name='submission'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='to_status',
            field=models.CharField(choices=[('waiting', 'Waiting for review'), ('changes_requested', 'Changes requested'), ('published', 'Published'), ('not_accepted', 'Not accepted'), ('withdrawn', 'Withdrawn')], max_length=20, verbose_name='status after'),
        ),
        migrations.AlterField(
            model_name='video',
            name='poster',
            field=models.FileField(blank=True, storage=submissions.storage.private_storage, upload_to=submissions.models.processed_path, verbose_name='poster image'),
        ),
        migrations.AlterField(
            model_name='video',
            name='processed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='processed at'),
        ),
        migrations.AlterField(
            model_name='video',
            name='submission',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='video_record', to='submissions.submission', verbose_name='submission'),
        ),
        migrations.AlterField(
            model_name='video',
            name='thumbnail',
            field=models.FileField(blank=True, storage=submissions.storage.private_storage, upload_to=submissions.models.processed_path, verbose_name='card image'),
        ),
        migrations.AlterField(
            model_name='video',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated'),
        ),
        migrations.AlterField(
            model_name='video',
            name='web',
            field=models.FileField(blank=True, storage=submissions.storage.private_storage, upload_to=submissions.models.processed_path, verbose_name='web copy'),
        ),
    ]
